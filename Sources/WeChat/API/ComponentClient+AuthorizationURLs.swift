import Foundation

/// The pages WeChat shows people. Pure functions: no call is made.
extension ComponentClient {
    /// The merchant's authorization page.
    ///
    /// PC (`mobile` false): `mp…/cgi-bin/componentloginpage?component_appid&pre_auth_code&redirect_uri&auth_type[&biz_appid][&category_id_list]`,
    /// a QR code the admin scans. Mobile: `open…/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&…#wechat_redirect`.
    /// WeChat appends `auth_code` and `expires_in` to `redirectURI`, keeping its own query.
    /// Open it from a page on the registered authorization start-page domain: WeChat checks the Referer.
    ///
    /// - Parameters:
    ///   - bizAppID: only this account may authorize; WeChat lets it win over `authType`.
    ///   - categoryIDs: the permission sets to offer, sent as `category_id_list` joined by `|`.
    public func authorizationPageURL(preAuthCode: String, redirectURI: String,
                                     authType: AuthorizationAccountType = .officialAccountsAndMiniPrograms,
                                     bizAppID: String? = nil, categoryIDs: [Int] = [], mobile: Bool = false) -> URL {
        var query = [("component_appid", componentAppID), ("pre_auth_code", preAuthCode),
                     ("redirect_uri", redirectURI), ("auth_type", String(authType.rawValue))]
        if let bizAppID, !bizAppID.isEmpty {
            query.append(("biz_appid", bizAppID))
        }
        if !categoryIDs.isEmpty {
            query.append(("category_id_list", categoryIDs.map(String.init).joined(separator: "|")))
        }
        guard mobile else {
            return WeChatEndpoints.url(endpoints.mpBaseURL, path: "/cgi-bin/componentloginpage", query: query)
        }
        return WeChatEndpoints.url(endpoints.openBaseURL, path: "/wxaopen/safe/bindcomponent",
                                   query: [("action", "bindcomponent"), ("no_scan", "1")] + query,
                                   fragment: "wechat_redirect")
    }

    /// The web-authorization page for a user of an authorized official account, parameters in
    /// the order WeChat checks them: appid, redirect_uri, response_type, scope, state,
    /// component_appid, then `#wechat_redirect`. `state`: up to 128 bytes of a-zA-Z0-9.
    public func oauthAuthorizeURL(appID: String, redirectURI: String, scope: OAuthScope, state: String) -> URL {
        let query = [("appid", appID), ("redirect_uri", redirectURI), ("response_type", "code"),
                     ("scope", scope.rawValue), ("state", state), ("component_appid", componentAppID)]
        return WeChatEndpoints.url(endpoints.openBaseURL, path: "/connect/oauth2/authorize", query: query,
                                   fragment: "wechat_redirect")
    }
}
