import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// The demo's sample app (`SimulatorConfiguration.sampleApp`): one of the company's web apps, as
/// a newcomer would write it against wxopen's web login. `GET /sample-app` offers the login;
/// the platform sends the browser through WeChat (here, this simulator) and back to
/// `GET /sample-app/welcome?wxopen_ticket=…`, where the app's backend redeems the ticket with its
/// API key (`POST /api/v1/web-login/redeem`) and shows who logged in. It talks to the platform
/// over HTTP only, as any app would.
struct SampleAppRoutes: Sendable {
    /// The app's pages are under this prefix (the login returns to `welcome` in it); its home
    /// page is the prefix without the slash (a router path has no empty last segment).
    static let path = "/sample-app/"
    static let home = "/sample-app"

    let app: SimulatorConfiguration.SampleApp
    let transport: any WeChatTransport
    /// The account's name, and whether it granted web authorization (permission set 4).
    let account: @Sendable (String) -> (name: String, webLogin: Bool)?

    init(app: SimulatorConfiguration.SampleApp, transport: any WeChatTransport, accounts simulator: WeChatSimulator) {
        self.app = app
        self.transport = transport
        account = { [weak simulator] appID in
            simulator?.state.withLock { state -> (String, Bool)? in
                guard let account = state.accounts[appID] else { return nil }
                let granted = state.authorizations.active(appID)?.funcIDs.contains(PermissionSet.webAuthorization) ?? false
                return (account.nickname, granted)
            }
        }
    }

    func router() -> Router {
        var router = Router()
        router.get(Self.home) { _ in self.homePage() }
        router.get(Self.path + "welcome") { request in await self.welcome(request) }
        return router
    }

    private var platform: String { SimulatorConfiguration.SampleApp.trimmed(app.platformBaseURL) }

    /// The platform's start link for one scope, returning to `/sample-app/welcome`.
    func loginURL(scope: String) -> String {
        let returnTo = app.returnPrefix + "welcome"
        return platform + "/weblogin/\(PercentEncoding.encode(app.appID))/start?scope=\(scope)&return_to=" + PercentEncoding.encode(returnTo)
    }

    private func homePage() -> HTTPResponse {
        let e = HTML.escape
        let status = account(app.appID)
        let name = status?.name ?? app.appID
        let hint = status?.webLogin == true
            ? "<p class=\"meta\" id=\"account-ready\">「\(e(name))」已授权网页服务（权限集 4），可以登录。</p>"
            : """
              <p class="notice" id="account-not-ready">「\(e(name))」还没有把网页服务（权限集 4）授权给平台：先在 \
              <a href="\(e(platform))/authorize">商户授权页</a> 授权它（勾选「网页服务」），再回来。<br>
              \(e(name)) has not granted web service (permission set 4) to the platform yet: authorize it on the merchant start page first.</p>
              """
        return .html(HTMLPage.document(title: "示例应用 · Sample app", body: """
            <h1>示例应用 · Sample app</h1>
            <p>这是公司自己的一个网页应用：它不接微信 OAuth，只把用户交给 wxopen 登录，回来后用 API 密钥换出用户身份。<br>
            One of the company's own web apps: it hands the user to wxopen's web login and redeems the ticket with its API key.</p>
            \(hint)
            <p><a id="login-userinfo" href="\(e(loginURL(scope: "snsapi_userinfo")))">用微信登录（snsapi_userinfo，含昵称头像）· Log in with WeChat</a></p>
            <p><a id="login-base" href="\(e(loginURL(scope: "snsapi_base")))">静默登录（snsapi_base，只有 openid）· Silent login (openid only)</a></p>
            """))
    }

    /// Redeems the ticket, server to server, and shows the identity.
    private func welcome(_ request: HTTPRequest) async -> HTTPResponse {
        let e = HTML.escape
        guard let ticket = request.query["wxopen_ticket"], !ticket.isEmpty else {
            return page(error: "没有 wxopen_ticket：请从示例应用首页开始登录。No wxopen_ticket: start from the sample app's page.")
        }
        let answer: WeChatHTTPResponse
        do {
            let body = try JSONSerialization.data(withJSONObject: ["ticket": ticket])
            answer = try await transport.send(WeChatHTTPRequest(
                method: "POST", url: URL(string: platform + "/api/v1/web-login/redeem")!,
                headers: ["Authorization": "Bearer " + app.apiKey, "Content-Type": "application/json"], body: body, timeout: 10))
        } catch {
            return page(error: "平台没有应答 · The platform did not answer: \(error)")
        }
        let json = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
        guard answer.status == 200 else {
            let message = ((json["error"] as? [String: Any])?["message"] as? String) ?? "HTTP \(answer.status)"
            return page(error: "换票失败 · The ticket was refused: \(message)")
        }
        let user = json["user"] as? [String: Any]
        var rows = [("openid", json["openid"] as? String ?? ""), ("scope", json["scope"] as? String ?? ""),
                    ("authorizer_appid", json["authorizer_appid"] as? String ?? "")]
        if let unionID = json["unionid"] as? String { rows.append(("unionid", unionID)) }
        if let user {
            rows.append(("nickname", user["nickname"] as? String ?? ""))
            rows.append(("city", [user["province"], user["city"]].compactMap { $0 as? String }.joined(separator: " ")))
        }
        let table = rows.map { "<tr><th>\(e($0.0))</th><td id=\"identity-\(e($0.0))\">\(e($0.1))</td></tr>" }.joined(separator: "\n")
        let greeting = (user?["nickname"] as? String).map { "你好，\(e($0))！" } ?? "你好！"
        return .html(HTMLPage.document(title: "已登录 · Logged in", body: """
            <h1 id="welcome">\(greeting) · Logged in</h1>
            <p>示例应用的后端用 API 密钥换出了这个身份（POST /api/v1/web-login/redeem）。用户的微信令牌留在 wxopen 里。<br>
            The app's backend redeemed the ticket with its API key; the user's WeChat tokens stay in wxopen.</p>
            <table id="identity">\(table)</table>
            <p><a href="\(e(Self.home))">再登录一次 · Log in again</a></p>
            """))
    }

    private func page(error: String) -> HTTPResponse {
        .html(HTMLPage.document(title: "示例应用 · Sample app", body: """
            <h1 class="error" id="sample-error">示例应用 · Sample app</h1>
            <p class="notice">\(HTML.escape(error))</p>
            <p><a href="\(HTML.escape(Self.home))">返回 · Back</a></p>
            """))
    }
}
