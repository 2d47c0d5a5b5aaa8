import Foundation
import HTTPServer
import WeChat

/// The operator console under `/admin` (issue 6): server-rendered pages behind a login, every
/// POST checked for its CSRF token and origin. Without an `admin` in the configuration the
/// console is off and every `/admin` path says how to turn it on.
struct ConsoleRoutes: Sendable {
    let platform: Platform
    let tokens: AuthorizerTokenManager
    let sync: SyncService
    let settings: ConsoleSettings
    let sessions: ConsoleSessions
    let gate: ConsoleGate
    let verifier: PasswordVerifier

    init(platform: Platform, tokens: AuthorizerTokenManager, sync: SyncService, settings: ConsoleSettings = ConsoleSettings(),
         verifier: PasswordVerifier = PasswordVerifier()) {
        self.platform = platform
        self.tokens = tokens
        self.sync = sync
        self.settings = settings
        self.verifier = verifier
        sessions = ConsoleSessions(clock: platform.clock, idleTimeout: settings.idleTimeout, capacity: settings.maxSessions)
        gate = ConsoleGate(sessions: sessions, publicBaseURL: platform.configuration.server.publicBaseURL,
                           languageSetting: platform.configuration.consoleLanguage)
    }

    /// Forms hold a token and a few short fields.
    static let formLimit = 16 * 1024

    func add(to router: inout Router) {
        ConsoleAssets.add(to: &router)
        guard let admin = platform.configuration.admin else {
            let gate = gate
            router.get("/admin/*") { request in ConsoleOffPage.response(gate.language(request)) }
            router.post("/admin/*", bodyLimit: Self.formLimit) { request in ConsoleOffPage.response(gate.language(request)) }
            return
        }
        let login = ConsoleLogin(
            admin: admin, gate: gate, sessions: sessions,
            throttle: LoginThrottle(clock: platform.clock, limit: settings.maxFailedLogins, window: settings.throttleWindow),
            forms: LoginFormToken(), verifier: verifier, settings: settings, clock: platform.clock, logger: platform.logger)
        let dashboard = DashboardPage(platform: platform)
        let accounts = AccountsPage(platform: platform, pageSize: settings.pageSize)
        let account = AccountPage(platform: platform)
        let actions = AccountActions(platform: platform, tokens: tokens, sessions: sessions)
        let syncPage = SyncPage(platform: platform, sync: sync)
        let events = EventsPage(platform: platform, limit: settings.eventsShown)
        let links = AuthorizeLinksPage(platform: platform)
        let limit = Self.formLimit

        router.get("/admin/login") { request in login.form(request) }
        router.post("/admin/login", bodyLimit: limit) { request in await login.submit(request) }
        router.post("/admin/logout", bodyLimit: limit) { request in await action(request) { login.logout($0) } }
        router.get("/admin") { request in await page(request) { try await dashboard.render($0) } }
        router.get("/admin/authorizers") { request in await page(request) { try await accounts.render($0) } }
        router.get("/admin/authorizers/:appid") { request in await page(request) { try await account.render($0) } }
        router.post("/admin/authorizers/:appid/refresh-token", bodyLimit: limit) { request in await action(request) { await actions.refreshToken($0) } }
        router.post("/admin/authorizers/:appid/refresh-info", bodyLimit: limit) { request in await action(request) { await actions.refreshInfo($0) } }
        router.get("/admin/sync") { request in await page(request) { await syncPage.render($0) } }
        router.post("/admin/sync", bodyLimit: limit) { request in await action(request) { await syncPage.start($0) } }
        router.get("/admin/sync/status") { request in await json(request) { _ in await syncPage.status() } }
        router.get("/admin/events") { request in await page(request) { try await events.render($0) } }
        router.get("/admin/links") { request in await page(request) { links.render($0) } }
        // Last, so every route above wins: any other console path is a page, with the page headers.
        router.get("/admin/*") { request in await page(request) { notFound($0.language) } }
    }

    func notFound(_ language: Language) -> HTTPResponse {
        ConsoleResponse.problem(language, status: .notFound, title: language.t("没有这个页面", "No such page"),
                                message: language.t("控制台中没有这个地址。", "The console has no page at this address."),
                                link: ("/admin", language.t("返回控制台", "Back to the console")))
    }

    /// A page for a signed-in operator; anyone else goes to the login page.
    func page(_ request: HTTPRequest, _ render: (ConsoleContext) async throws -> HTTPResponse) async -> HTTPResponse {
        guard let context = gate.context(for: request) else { return gate.redirectToLogin(request) }
        do {
            return try await render(context)
        } catch {
            platform.logger.error("console_page_failed", ["request_id": request.requestID, "path": request.path, "error": "\(error)"])
            let language = context.language
            return ConsoleResponse.problem(language, status: .internalServerError, title: language.t("页面出错", "This page failed"),
                                           message: language.t("请查看服务器日志，请求编号 ", "See the server log for request ") + request.requestID,
                                           link: ("/admin", language.t("返回控制台", "Back to the console")))
        }
    }

    /// A state-changing POST: a live session, a request from our own pages, and the session's
    /// CSRF token in the form; only then does `perform` run.
    func action(_ request: HTTPRequest, _ perform: (ConsoleContext) async -> HTTPResponse) async -> HTTPResponse {
        guard let context = gate.context(for: request) else { return gate.redirectToLogin(request) }
        guard gate.isSameOrigin(request) else {
            platform.logger.warning("console_cross_origin_post", ["path": request.path, "remote": request.remoteHost,
                                                                  "origin": request.headers["Origin"] ?? request.headers["Referer"] ?? "-"])
            return ConsoleResponse.crossOriginRejected(context.language)
        }
        let token = (try? request.formParameters())?["csrf"] ?? ""
        guard Crypto.constantTimeEquals(token, context.session.csrfToken) else {
            platform.logger.warning("console_csrf_rejected", ["path": request.path, "remote": request.remoteHost])
            return ConsoleResponse.csrfRejected(context.language)
        }
        return await perform(context)
    }

    /// JSON for the console's own script: 401 instead of a redirect when the session is gone.
    func json(_ request: HTTPRequest, _ answer: (ConsoleContext) async -> HTTPResponse) async -> HTTPResponse {
        guard let context = gate.context(for: request) else {
            return ConsoleResponse.json(["error": "not signed in"], status: .unauthorized)
        }
        return await answer(context)
    }
}
