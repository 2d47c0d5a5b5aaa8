import Foundation
import HTTPServer

/// The merchant's authorization page (mp and open hosts) and its approve action.
///
/// WeChat checks the Referer of the request that opens the page against the platform's
/// registered authorization start-page domain: no Referer (a typed URL, a server-side
/// redirect, `Referrer-Policy: no-referrer`) fails with "授权入口页所在域名：空".
extension WeChatSimulator {
    /// Where the page's form posts; a simulator path, as WeChat's own is private.
    static let approvePath = "/simulator/authorize/approve"

    func authorizationPageRoutes() -> Router {
        var router = Router()
        router.get("/cgi-bin/componentloginpage", counted("componentloginpage") { [self] in authorizationPage($0, mobile: false) })
        router.get("/wxaopen/safe/bindcomponent", counted("bindcomponent") { [self] in authorizationPage($0, mobile: true) })
        router.get("/safe/bindcomponent", counted("bindcomponent") { [self] in authorizationPage($0, mobile: true) })
        router.post(Self.approvePath, counted("authorize_approve") { [self] in try await approve($0) })
        return router
    }

    private func authorizationPage(_ request: HTTPRequest, mobile: Bool) -> HTTPResponse {
        let query = request.query
        if mobile, query["action"] != "bindcomponent" {
            return HTMLPage.error("参数错误", "action 参数必须为 bindcomponent。")
        }
        guard query["component_appid"] == configuration.componentAppID else {
            return HTMLPage.error("参数错误", "component_appid 不是已登记的第三方平台。")
        }
        if let problem = refererProblem(request.headers["Referer"]) { return HTMLPage.error("出现了错误", problem) }
        guard let redirectURI = query["redirect_uri"], isOnAuthorizationDomain(redirectURI) else {
            return HTMLPage.error("出现了错误", "回调地址 redirect_uri 必须在第三方平台登记的授权发起页域名下。")
        }
        let code = query["pre_auth_code"] ?? ""
        let page = AuthorizationPageRequest(
            redirectURI: redirectURI, authType: query["auth_type"].flatMap { Int($0) },
            bizAppID: query["biz_appid"].flatMap { $0.isEmpty ? nil : $0 },
            categoryIDs: PermissionSet.parseList(query["category_id_list"]))
        let now = clock.now()
        let outcome: Result<[(SimulatedAccount, Bool)], AuthorizationLedger.PreAuthCodeProblem> = state.withLock { state in
            do throws(AuthorizationLedger.PreAuthCodeProblem) {
                _ = try state.authorizations.preAuthCode(code, now: now)
            } catch {
                return .failure(error)
            }
            state.authorizations.rememberPage(page, for: code)
            return .success(Self.eligibleAccounts(for: page, in: state).map {
                ($0, state.authorizations.active($0.appID) != nil)
            })
        }
        switch outcome {
        case .failure(let problem): return HTMLPage.error("授权链接已失效", Self.describe(problem))
        case .success(let accounts):
            return .html(AuthorizationPage.render(platformName: configuration.platformName, preAuthCode: code,
                                                  accounts: accounts, page: page, mobile: mobile))
        }
    }

    /// Records the authorization, pushes it to the event URL (waiting for the first attempt
    /// only), then sends the browser to redirect_uri with `auth_code` and `expires_in`.
    private func approve(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = try request.formParameters()
        let code = form["pre_auth_code"] ?? ""
        let appID = form["authorizer_appid"] ?? ""
        let funcIDs = form.values("func_id").compactMap { Int($0) }
        let now = clock.now()
        let outcome: Result<(AuthorizationLedger.Grant, String), ApproveProblem> = state.withLock { state in
            let page: AuthorizationPageRequest
            do throws(AuthorizationLedger.PreAuthCodeProblem) {
                guard let shown = try state.authorizations.preAuthCode(code, now: now).page else { return .failure(.pageNotShown) }
                page = shown
            } catch {
                return .failure(.preAuthCode(error))
            }
            guard let account = state.accounts[appID], Self.eligibleAccounts(for: page, in: state).contains(account) else {
                return .failure(.accountNotEligible)
            }
            guard !funcIDs.isEmpty else { return .failure(.noPermissionSets) }
            _ = try? state.authorizations.consumePreAuthCode(code, now: now)
            let grant = state.authorizations.authorize(appID, funcIDs: funcIDs, now: now,
                                                       codeLifetime: state.settings.authorizationCodeLifetime)
            return .success((grant, page.redirectURI))
        }
        switch outcome {
        case .failure(let problem):
            return HTMLPage.error("无法授权", problem.message)
        case .success(let (grant, redirectURI)):
            _ = await announce(grant, appID: appID, preAuthCode: code, now: now, sendPush: true, waitForRetries: false)
            let lifetime = Int(grant.expiresAt.timeIntervalSince(now))
            // Raw, as WeChat sends it: the code's characters (letters, digits, -, _, @) are all legal in a query.
            return .redirect(to: Self.appendingQuery("auth_code=\(grant.code)&expires_in=\(lifetime)", to: redirectURI))
        }
    }

    private enum ApproveProblem: Error {
        case preAuthCode(AuthorizationLedger.PreAuthCodeProblem)
        case pageNotShown, accountNotEligible, noPermissionSets

        var message: String {
            switch self {
            case .preAuthCode(let problem): WeChatSimulator.describe(problem)
            case .pageNotShown: "请从第三方平台的授权页面发起授权。"
            case .accountNotEligible: "所选帐号不能授权给该第三方平台。"
            case .noPermissionSets: "请至少选择一个权限集。"
            }
        }
    }

    static func describe(_ problem: AuthorizationLedger.PreAuthCodeProblem) -> String {
        switch problem {
        case .unknown: "预授权码（pre_auth_code）无效，请回到第三方平台重新发起授权。"
        case .expired: "预授权码（pre_auth_code）已过期，请回到第三方平台重新发起授权。"
        case .used: "预授权码（pre_auth_code）已被使用，请回到第三方平台重新发起授权。"
        }
    }

    /// nil when the Referer's host is a registered authorization domain; WeChat's text otherwise.
    func refererProblem(_ referer: String?) -> String? {
        let prefix = "请确认授权入口页所在域名，与授权后回调页所在域名相同，并且，此两者都必须与申请第三方平台时填写的授权发起页域名相同。授权入口页所在域名："
        guard let referer, !referer.isEmpty else { return prefix + "空" }
        guard let host = URLComponents(string: referer)?.host, !host.isEmpty else { return prefix + "空" }
        return isAuthorizationDomain(host) ? nil : prefix + host
    }

    func isAuthorizationDomain(_ host: String) -> Bool {
        configuration.authorizationDomains.contains { $0.lowercased() == host.lowercased() }
    }

    /// An http(s) URL on a registered authorization domain.
    func isOnAuthorizationDomain(_ uri: String) -> Bool {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host
        else { return false }
        return isAuthorizationDomain(host)
    }

    /// The accounts a page with these parameters offers: `biz_appid` alone when given, else
    /// visible configured accounts of the `auth_type`'s kinds (1 official accounts, 2 mini programs,
    /// 3 and 6 both, and when absent both; 4, 5 and 8 are kinds the simulator has none of);
    /// before full release, test-list accounts only.
    static func eligibleAccounts(for page: AuthorizationPageRequest, in state: SimulatorState) -> [SimulatedAccount] {
        if let bizAppID = page.bizAppID {
            guard let account = state.accounts[bizAppID], state.mayAuthorize(account) else { return [] }
            return [account]
        }
        let kinds: Set<SimulatedAccount.Kind> = switch page.authType ?? 3 {
        case 1: [.officialAccount]
        case 2: [.miniProgram]
        case 3, 6: [.officialAccount, .miniProgram]
        default: []
        }
        return state.accounts.configured.filter { !$0.hidden && kinds.contains($0.kind) && state.mayAuthorize($0) }
    }

    /// Appends `parameters` to a URI's query, before any fragment, keeping its own query.
    static func appendingQuery(_ parameters: String, to uri: String) -> String {
        var base = Substring(uri), fragment = Substring("")
        if let hash = uri.firstIndex(of: "#") {
            base = uri[..<hash]
            fragment = uri[hash...]
        }
        let separator = !base.contains("?") ? "?" : (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&")
        return base + separator + parameters + fragment
    }
}
