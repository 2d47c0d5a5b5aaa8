import Foundation
import HTTPServer
import Synchronization
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenTesting

/// The console as `PlatformApp` wires it, over real sockets.
@Suite struct ConsoleLiveTests {
    @Test func platformServesTheConsole_AndItsScript() async throws {
        let harness = try await PlatformHarness.start(mode: .live, configure: {
            $0.admin = .init(username: ConsoleHarness.username, passwordHash: ConsoleHarness.passwordHash)
        })
        let dashboard = try await harness.get(harness.platformURL + "/admin")
        #expect(dashboard.status == 303)
        #expect(dashboard.headers["location"] == "/admin/login")
        let login = try await harness.get(harness.platformURL + "/admin/login")
        #expect(login.status == 200)
        #expect(login.headers["set-cookie"]?.hasPrefix("wxopen_login=") == true)
        #expect(login.text.contains("id=\"login-form\""))
        let script = try await harness.get(harness.platformURL + "/assets/console.js")
        #expect(script.status == 200)
        #expect(script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(script.text.contains("getAttribute(\"data-status-url\")"))
        await harness.stop()
    }

    /// A password check held open until the test lets it go.
    final class HeldCheck: Sendable {
        let entered = Mutex(false)
        let release = DispatchSemaphore(value: 0)

        func check(_ password: String, _ stored: String) -> Bool {
            entered.withLock { $0 = true }
            release.wait()
            return false
        }
    }

    /// One event loop, and a login whose password check never ends until released: a health
    /// check must still be answered. Were the check run on the event loop, the loop would be
    /// stuck in it and the health check would time out.
    @Test func passwordCheck_RunsOffTheEventLoop_SoOtherRequestsAreNotStalled() async throws {
        let harness = try await PlatformHarness.start(mode: .live, configure: {
            $0.admin = .init(username: ConsoleHarness.username, passwordHash: ConsoleHarness.passwordHash)
        })
        let held = HeldCheck()
        var router = Router()
        HealthRoutes.add(to: &router)
        ConsoleRoutes(platform: harness.app.platform, tokens: harness.app.tokens, sync: harness.app.sync, releases: harness.app.releases,
                      verifier: PasswordVerifier(checkPassword: held.check)).add(to: &router)
        let configuration = HTTPServer.Configuration.forTests()
        let server = HTTPServer(configuration: configuration, router: router, logger: .discard)
        try server.start()
        let base = "http://127.0.0.1:\(server.port)"
        func send(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:], timeout: Double = 10) async throws -> WeChatHTTPResponse {
            try await harness.browser.send(WeChatHTTPRequest(method: method, url: URL(string: base + path)!, headers: headers,
                                                             body: body.map { Data($0.utf8) }, timeout: timeout))
        }

        let form = try await send("GET", "/admin/login")
        let cookie = try #require(form.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let token = try #require(ConsoleReply(status: form.status, headers: [:], text: form.text).field("csrf"))
        let body = QueryParameters([("csrf", token), ("username", ConsoleHarness.username), ("password", "wrong")]).encoded
        let login = Task {
            try await send("POST", "/admin/login", body: body, headers: [
                "Cookie": cookie, "Origin": base, "Content-Type": "application/x-www-form-urlencoded"])
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while !held.entered.withLock({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(held.entered.withLock { $0 })
        // A stuck loop would never answer while the check is held: a generous timeout costs a
        // passing run nothing, and a loaded machine cannot turn a healthy loop into a failure.
        let health = try? await send("GET", "/healthz", timeout: 30)
        held.release.signal()
        #expect(health?.status == 200, "the event loop was blocked by the password check")
        #expect(try await login.value.status == 403)
        await server.shutdown()
        await harness.stop()
    }

    @Test func platformWithoutAdmin_SaysTheConsoleIsOff() async throws {
        let harness = try await PlatformHarness.start(mode: .live)
        let reply = try await harness.get(harness.platformURL + "/admin/authorizers")
        #expect(reply.status == 503)
        #expect(reply.text.contains("wxopen hash-password"))
        await harness.stop()
    }
}
