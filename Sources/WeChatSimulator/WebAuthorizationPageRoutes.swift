import Foundation
import HTTPServer
import WXOpenSupport

/// Web authorization's page side (open host): `/connect/oauth2/authorize` on behalf of an
/// authorized official account. WeChat matches the link against a strict pattern, so the
/// parameters must come in the documented order; snsapi_base redirects at once, snsapi_userinfo
/// asks the user first (here: pick one of the fake users).
extension WeChatSimulator {
    static let oauthConfirmPath = "/simulator/oauth2/confirm"
    /// Remembers which fake user the browser is, for silent snsapi_base logins.
    static let userCookie = "wxsim_user"

    func webAuthorizationPageRoutes() -> Router {
        var router = Router()
        router.get("/connect/oauth2/authorize", counted("oauth2_authorize") { [self] in oauthAuthorize($0) })
        router.post(Self.oauthConfirmPath, counted("oauth2_confirm") { [self] in try oauthConfirm($0) })
        return router
    }

    /// A validated web-authorization request.
    struct OAuthRequest {
        var appID: String
        var redirectURI: String
        var scope: String
        var state: String
    }

    private func oauthAuthorize(_ request: HTTPRequest) -> HTTPResponse {
        let query = request.query
        let names = query.items.map(\.name)
        let expected = ["appid", "redirect_uri", "response_type", "scope"] + (query["state"] == nil ? [] : ["state"])
            + ["component_appid"]
        guard names == expected else {
            return HTMLPage.error("参数错误", "链接参数顺序或名称不符合要求（微信按固定顺序强匹配）：appid, redirect_uri, "
                + "response_type, scope, state, component_appid。收到：\(names.joined(separator: ", "))")
        }
        let validated = validateOAuth(appID: query["appid"], redirectURI: query["redirect_uri"],
                                      responseType: query["response_type"], scope: query["scope"],
                                      state: query["state"] ?? "", componentAppID: query["component_appid"])
        let oauth: OAuthRequest
        switch validated {
        case .failure(let problem): return HTMLPage.error("出现了错误", problem.message)
        case .success(let value): oauth = value
        }
        let users = configuration.oauthUsers
        if oauth.scope == "snsapi_base" {
            let remembered = request.cookies[Self.userCookie].flatMap { try? PercentEncoding.decode($0, plusAsSpace: false) }
            guard let user = users.first(where: { $0.id == remembered }) ?? users.first else {
                return HTMLPage.error("出现了错误", "模拟器没有配置任何微信用户。")
            }
            return redirectWithCode(oauth, user: user)
        }
        let account = state.withLock { $0.accounts[oauth.appID] }
        return .html(OAuthConsentPage.render(request: oauth, accountName: account?.nickname ?? oauth.appID, users: users))
    }

    private func oauthConfirm(_ request: HTTPRequest) throws -> HTTPResponse {
        let form = try request.formParameters()
        let validated = validateOAuth(appID: form["appid"], redirectURI: form["redirect_uri"], responseType: "code",
                                      scope: form["scope"], state: form["state"] ?? "",
                                      componentAppID: configuration.componentAppID)
        switch validated {
        case .failure(let problem): return HTMLPage.error("出现了错误", problem.message)
        case .success(let oauth):
            guard let user = configuration.oauthUsers.first(where: { $0.id == form["user"] }) else {
                return HTMLPage.error("出现了错误", "请选择一个微信用户。")
            }
            var response = redirectWithCode(oauth, user: user)
            response.setCookie(SetCookie(name: Self.userCookie, value: PercentEncoding.encode(user.id), path: "/", secure: false))
            return response
        }
    }

    private func redirectWithCode(_ oauth: OAuthRequest, user: SimulatedUser) -> HTTPResponse {
        let now = clock.now()
        let grant = OAuthLedger.Grant(appID: oauth.appID, userID: user.id, openID: user.openID(for: oauth.appID), scope: oauth.scope)
        let code = state.withLock { $0.oauth.issueCode(grant, now: now, lifetime: $0.settings.oauthCodeLifetime) }
        let parameters = "code=\(PercentEncoding.encode(code))&state=\(PercentEncoding.encode(oauth.state))"
        return .redirect(to: Self.appendingQuery(parameters, to: oauth.redirectURI))
    }

    enum OAuthProblem: Error {
        case component, account, permission, redirectURI, responseType, scope, state

        /// WeChat's page codes and texts.
        var message: String {
            switch self {
            case .component: "10016 component_appid 不是该公众号授权的第三方平台。"
            case .account: "10016 该公众号未授权给此第三方平台（appid 无效）。"
            case .permission: "10016 该公众号未授予第三方平台网页授权权限集（4）。"
            case .redirectURI: "10003 redirect_uri 域名与后台配置不一致。"
            case .responseType: "10004 response_type 参数错误，应为 code。"
            case .scope: "10005 scope 参数错误或没有 scope 权限（snsapi_base 或 snsapi_userinfo）。"
            case .state: "10009 state 参数过长（最多 128 字节）。"
            }
        }
    }

    func validateOAuth(appID: String?, redirectURI: String?, responseType: String?, scope: String?, state oauthState: String,
                       componentAppID: String?) -> Result<OAuthRequest, OAuthProblem> {
        guard componentAppID == configuration.componentAppID else { return .failure(.component) }
        guard let appID else { return .failure(.account) }
        let authorization = state.withLock { $0.authorizations.active(appID) }
        guard let authorization else { return .failure(.account) }
        guard authorization.funcIDs.contains(PermissionSet.webAuthorization) else { return .failure(.permission) }
        guard let redirectURI, isOnAuthorizationDomain(redirectURI) else { return .failure(.redirectURI) }
        guard responseType == "code" else { return .failure(.responseType) }
        guard let scope, scope == "snsapi_base" || scope == "snsapi_userinfo" else { return .failure(.scope) }
        guard oauthState.utf8.count <= 128 else { return .failure(.state) }
        return .success(OAuthRequest(appID: appID, redirectURI: redirectURI, scope: scope, state: oauthState))
    }
}
