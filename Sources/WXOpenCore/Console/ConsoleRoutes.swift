import Foundation
import HTTPServer

/// The operator console under `/admin` (issue 6): server-rendered pages behind a login, every
/// POST checked for its CSRF token and origin. Without an `admin` in the configuration the
/// console is off and every `/admin` path says how to turn it on.
struct ConsoleRoutes: Sendable {
    let platform: Platform
    let tokens: AuthorizerTokenManager
    let sync: SyncService
    let releases: ReleaseService
    let settings: ConsoleSettings
    let sessions: ConsoleSessions
    let gate: ConsoleGate
    let verifier: PasswordVerifier
    let bulk: BulkActions

    init(platform: Platform, tokens: AuthorizerTokenManager, sync: SyncService, releases: ReleaseService,
         settings: ConsoleSettings = ConsoleSettings(), verifier: PasswordVerifier = PasswordVerifier()) {
        self.platform = platform
        self.tokens = tokens
        self.sync = sync
        self.releases = releases
        self.settings = settings
        self.verifier = verifier
        bulk = BulkActions(platform: platform, tokens: tokens, concurrency: settings.bulkConcurrency)
        sessions = ConsoleSessions(store: platform.store, clock: platform.clock, idleTimeout: settings.idleTimeout,
                                   capacity: settings.maxSessions, logger: platform.logger)
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
        let logger = platform.logger
        let login = ConsoleLogin(
            admin: admin, gate: gate, sessions: sessions,
            throttle: LoginThrottle(store: platform.store, clock: platform.clock, limit: settings.maxFailedLogins,
                                    window: settings.throttleWindow),
            forms: LoginFormToken(), verifier: verifier, settings: settings, clock: platform.clock, logger: logger)
        let dashboard = DashboardPage(platform: platform)
        let accounts = AccountsPage(platform: platform, pageSize: settings.pageSize)
        let csv = AccountsCSV(platform: platform)
        let bulkPage = BulkActionPage(platform: platform, bulk: bulk, sessions: sessions)
        let tools = AccountTools(platform: platform, tools: QuotaTools(platform: platform, tokens: tokens), sessions: sessions)
        let account = AccountPage(tools: tools)
        let actions = AccountActions(platform: platform, tokens: tokens, sessions: sessions)
        let syncPage = SyncPage(platform: platform, sync: sync)
        let events = EventsPage(platform: platform, limit: settings.eventsShown)
        let links = AuthorizeLinksPage(platform: platform)
        let deliveries = DeliveriesPage(platform: platform, sessions: sessions)
        let keys = APIKeysPage(platform: platform, sessions: sessions)
        let rollouts = ReleasesPage(releases: releases, sessions: sessions)
        let rollout = ReleasePage(releases: releases, sessions: sessions)
        let limit = Self.formLimit

        router.get("/admin/login", login.form)
        router.post("/admin/login", bodyLimit: limit, login.submit)
        router.group("/admin", guardedBy: ConsoleActionGuard(gate: gate, logger: logger)) { action in
            action.post("/logout", bodyLimit: limit, login.logout)
            action.post("/authorizers/:appid/refresh-token", bodyLimit: limit, actions.refreshToken)
            action.post("/authorizers/:appid/refresh-info", bodyLimit: limit, actions.refreshInfo)
            action.post("/authorizers/:appid/clear-quota", bodyLimit: limit, tools.clear)
            action.post("/bulk", bodyLimit: limit, bulkPage.start)
            action.post("/bulk/:id/cancel", bodyLimit: limit, bulkPage.cancel)
            action.post("/sync", bodyLimit: limit, syncPage.start)
            action.post("/deliveries/retry", bodyLimit: limit, deliveries.retry)
            action.post("/deliveries/:id/retry", bodyLimit: limit, deliveries.retry)
            action.post("/keys", bodyLimit: limit, keys.add)
            action.post("/keys/:name/revoke", bodyLimit: limit, keys.revoke)
            // A rollout's form carries an ext_json: more than the other forms.
            action.post("/releases", bodyLimit: ReleaseRoutes.bodyLimit, rollouts.submit)
            action.post("/releases/:id/pause", bodyLimit: limit, rollout.pause)
            action.post("/releases/:id/resume", bodyLimit: limit, rollout.resume)
            action.post("/releases/:id/release", bodyLimit: limit, rollout.release)
            action.post("/releases/:id/accounts/:appid/retry", bodyLimit: limit, rollout.retry)
        }
        router.group("/admin", guardedBy: ConsoleSessionGuard(gate: gate, signedOut: .unauthorizedJSON, logger: logger)) { script in
            script.get("/sync/status", syncPage.status)
        }
        router.group("/admin", guardedBy: ConsoleSessionGuard(gate: gate, signedOut: .redirectToLogin, logger: logger)) { page in
            page.get("", dashboard.render)
            page.get("/authorizers", accounts.render)
            page.get("/authorizers.csv", csv.export)
            page.get("/bulk", bulkPage.confirm)
            page.get("/bulk/:id", bulkPage.progress)
            page.get("/authorizers/:appid", account.render)
            page.get("/authorizers/:appid/clear-quota", tools.confirmClear)
            page.get("/sync", syncPage.render)
            page.get("/deliveries", deliveries.render)
            page.get("/events", events.render)
            page.get("/links", links.render)
            page.get("/keys", keys.render)
            page.get("/releases", rollouts.render)
            page.get("/releases/qrcode/:appid", rollout.qrcode)
            page.get("/releases/:id", rollout.render)
            // Last, so every route above wins: any other console path is a page, with the page headers.
            page.get("/*") { context in ConsoleResponse.notFound(context.language) }
        }
    }
}
