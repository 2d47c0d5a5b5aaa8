/// Web authorization (网页授权) on behalf of an official account. The exchange and refresh
/// take the **component** token; an authorizer token gets 48001.
extension ComponentClient {
    /// GET /sns/oauth2/component/access_token: exchanges the code from the authorize redirect.
    /// A code is single use and lives 5 minutes (40029 invalid, 40163 used).
    public func oauthAccessToken(appID: String, code: String, componentToken: String) async throws -> OAuthToken {
        let query = [("appid", appID), ("code", code), ("grant_type", "authorization_code"),
                     ("component_appid", componentAppID), ("component_access_token", componentToken)]
        return try await call(.oauthAccessToken, query: query, secrets: [code, componentToken], decode: Self.json(OAuthToken.self))
    }

    /// GET /sns/oauth2/component/refresh_token.
    public func oauthRefreshToken(appID: String, refreshToken: String, componentToken: String) async throws -> OAuthToken {
        let query = [("appid", appID), ("grant_type", "refresh_token"), ("component_appid", componentAppID),
                     ("component_access_token", componentToken), ("refresh_token", refreshToken)]
        return try await call(.oauthRefreshToken, query: query, secrets: [refreshToken, componentToken],
                              decode: Self.json(OAuthToken.self))
    }

    /// GET /sns/userinfo with the user's token. `lang`: zh_CN, zh_TW or en.
    public func userInfo(accessToken: String, openID: String, lang: String = "zh_CN") async throws -> SNSUserInfo {
        let query = [("access_token", accessToken), ("openid", openID), ("lang", lang)]
        return try await call(.userInfo, query: query, secrets: [accessToken], decode: Self.json(SNSUserInfo.self))
    }

    /// GET /sns/auth: whether a user's token is still good. Returns false when WeChat says the
    /// token or openid is invalid or expired; throws for anything else (busy, network, …),
    /// which says nothing about the token.
    public func snsAuth(accessToken: String, openID: String) async throws -> Bool {
        do {
            try await call(.snsAuth, query: [("access_token", accessToken), ("openid", openID)],
                           secrets: [accessToken], decode: Self.ignoringBody)
            return true
        } catch let error as WeChatAPIError where Self.meansTokenRejected(error.errcode) {
            return false
        }
    }

    /// 40001/40014/42001: token invalid or expired; 40003: openid invalid for this token.
    private static func meansTokenRejected(_ errcode: Int?) -> Bool {
        guard let errcode else { return false }
        return [40001, 40003, 40014, 42001].contains(errcode)
    }
}
