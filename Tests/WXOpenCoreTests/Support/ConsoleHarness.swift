import Foundation
import HTTPServer
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenTesting

/// The console's routes over the platform harness (simulator, MemoryStore, ManualClock), called
/// at router level: no sockets, every response header as sent, including repeated `Set-Cookie`.
struct ConsoleHarness: Sendable {
    static let username = "operator"
    static let password = "correct horse battery staple"
    /// Made once: PBKDF2 at the minimum iterations still takes a while.
    static let passwordHash = PasswordHash.make(password: password, iterations: PasswordHash.minimumIterations)
    /// The harness's `publicBaseURL`: what a browser on the console names as its origin.
    static let origin = "http://127.0.0.1"

    let platform: PlatformHarness
    let routes: ConsoleRoutes
    let router: Router

    var clock: ManualClock { platform.clock }
    var store: any Store { platform.store }
    var simulator: WeChatSimulator { platform.simulator }
    var logs: MemoryLogSink { platform.logs }

    static func start(admin: Bool = true, settings: ConsoleSettings = ConsoleSettings(),
                      clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000)), store: (any Store)? = nil,
                      configure: @escaping (inout Configuration) -> Void = { _ in },
                      simulatorConfigure: (inout SimulatorConfiguration) -> Void = { _ in }) async throws -> ConsoleHarness {
        let platform = try await PlatformHarness.start(clock: clock, store: store, configure: { configuration in
            if admin { configuration.admin = .init(username: username, passwordHash: passwordHash) }
            configure(&configuration)
        }, simulatorConfigure: simulatorConfigure)
        let routes = ConsoleRoutes(platform: platform.app.platform, tokens: platform.app.tokens, sync: platform.app.sync, releases: platform.app.releases, settings: settings)
        var router = Router()
        routes.add(to: &router)
        return ConsoleHarness(platform: platform, routes: routes, router: router)
    }

    func stop() async { await platform.stop() }

    /// A ticket, then `appIDs` authorized through WeChat's push.
    func authorize(_ appIDs: [String], funcIDs: [Int]? = nil) async throws {
        try await platform.pushTicket()
        for appID in appIDs { _ = try await simulator.authorize(appID: appID, funcIDs: funcIDs, sendPush: true) }
    }

    /// A browser with a live session, made directly: signing in is `ConsoleLoginTests`' subject,
    /// and a PBKDF2 check for every other test would only load the machine the suite shares.
    func signedInBrowser(language: String = "zh-CN") async throws -> ConsoleBrowser {
        let browser = ConsoleBrowser(router: router, language: language)
        browser.setCookie(ConsoleGate.sessionCookie, try await routes.sessions.create(username: Self.username).id)
        return browser
    }
}

/// One answer, as a test reads it.
struct ConsoleReply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let text: String

    var location: String? { headers["Location"] }
    var setCookies: [String] { headers.values("Set-Cookie") }

    /// The value of a hidden or text field, as the HTML holds it (escaped).
    func field(_ name: String) -> String? {
        guard let start = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    func count(of needle: String) -> Int { text.components(separatedBy: needle).count - 1 }
}

/// A browser at router level: keeps its cookies as a browser would (by name; an expired one is
/// dropped), sends `Origin` with its POSTs, and never follows redirects.
final class ConsoleBrowser {
    let router: Router
    let language: String
    var remoteAddress = "127.0.0.1:40000"
    var origin: String? = ConsoleHarness.origin
    private(set) var cookies: [String: String] = [:]

    init(router: Router, language: String = "zh-CN") {
        self.router = router
        self.language = language
    }

    func setCookie(_ name: String, _ value: String?) { cookies[name] = value }

    func get(_ target: String, headers: [String: String] = [:]) async throws -> ConsoleReply {
        try await send(.get, target, body: Data(), headers: headers)
    }

    func post(_ target: String, form: [(String, String)], headers: [String: String] = [:]) async throws -> ConsoleReply {
        var headers = headers
        if let origin, headers["Origin"] == nil { headers["Origin"] = origin }
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return try await send(.post, target, body: Data(QueryParameters(form).encoded.utf8), headers: headers)
    }

    /// GETs the login form, then posts it.
    @discardableResult
    func signIn(username: String = ConsoleHarness.username, password: String = ConsoleHarness.password,
                next: String? = nil) async throws -> ConsoleReply {
        let form = try await get("/admin/login")
        var fields = [("csrf", form.field("csrf") ?? ""), ("username", username), ("password", password)]
        if let next { fields.append(("next", next)) }
        return try await post("/admin/login", form: fields)
    }

    /// The session's CSRF token, from any signed-in page.
    func csrfToken() async throws -> String {
        try #require(try await get("/admin/links").field("csrf"))
    }

    func send(_ method: HTTPMethod, _ target: String, body: Data, headers: [String: String]) async throws -> ConsoleReply {
        var fields = HTTPHeaders()
        fields.add("Host", "127.0.0.1")
        fields.add("Accept-Language", language)
        if !cookies.isEmpty { fields.add("Cookie", cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")) }
        for (name, value) in headers { fields[name] = value }
        let request = try HTTPRequest(method: method, target: target, headers: fields, body: body, remoteAddress: remoteAddress)
        let response = await router.respond(to: request)
        for cookie in response.headers.values("Set-Cookie") { remember(cookie) }
        var body = response.body.data ?? Data()
        if case .stream(let producer) = response.body {
            let collector = BodyCollector()
            try await producer(collector)
            body = collector.data
        }
        return ConsoleReply(status: response.status.code, headers: response.headers, text: String(decoding: body, as: UTF8.self))
    }

    private func remember(_ setCookie: String) {
        let pair = setCookie.split(separator: ";", maxSplits: 1)[0]
        guard let equals = pair.firstIndex(of: "=") else { return }
        let name = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
        cookies[name] = setCookie.contains("Max-Age=0") ? nil : value
    }
}
