import Foundation
import HTTPServer
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenTesting

/// Behind a reverse proxy (issue 16): the proxy's X-Forwarded-For and X-Forwarded-Proto are
/// believed only when `server.trustedProxies` names it. The tests' own connections come from
/// 127.0.0.1, which plays the proxy.
@Suite struct TrustedProxyLiveTests {
    static func start(trusting proxies: [String]) async throws -> PlatformHarness {
        try await PlatformHarness.start(mode: .live, configure: {
            $0.admin = .init(username: ConsoleHarness.username, passwordHash: ConsoleHarness.passwordHash)
            $0.server.trustedProxies = proxies
        })
    }

    /// A failed login, posted from behind the proxy for `client`.
    static func failedLogin(_ harness: PlatformHarness, client: String) async throws -> Int {
        let form = try await harness.get(harness.platformURL + "/admin/login", headers: ["X-Forwarded-For": client])
        let csrf = form.text.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.split(separator: "\"").first ?? ""
        let cookie = (form.headers["set-cookie"] ?? "").split(separator: ";").first.map(String.init) ?? ""
        let reply = try await harness.post(harness.platformURL + "/admin/login",
                                           body: "csrf=\(csrf)&username=\(ConsoleHarness.username)&password=wrong",
                                           headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                                                     "X-Forwarded-For": client, "Origin": harness.platformURL])
        return reply.status
    }

    @Test func throttle_CountsTheClientNamedByATrustedProxy_NotTheProxy() async throws {
        let harness = try await Self.start(trusting: ["127.0.0.1/32"])
        for _ in 1...5 { #expect(try await Self.failedLogin(harness, client: "203.0.113.9") == 403) }
        #expect(try await Self.failedLogin(harness, client: "203.0.113.9") == 429)
        // Another client behind the same proxy is not locked out with the first.
        #expect(try await Self.failedLogin(harness, client: "198.51.100.4") == 403)
        #expect(harness.logs.contains("remote=203.0.113.9"))
        await harness.stop()
    }

    @Test func forwardedFor_FromAnUntrustedPeer_IsIgnored() async throws {
        let harness = try await Self.start(trusting: [])
        for index in 1...5 { #expect(try await Self.failedLogin(harness, client: "203.0.113.\(index)") == 403) }
        // Every attempt counted against 127.0.0.1, whatever the header claimed.
        #expect(try await Self.failedLogin(harness, client: "203.0.113.99") == 429)
        #expect(!harness.logs.contains("remote=203.0.113."))
        await harness.stop()
    }

    @Test func cookies_AreSecure_WhenATrustedProxySaysHTTPS() async throws {
        let trusted = try await Self.start(trusting: ["127.0.0.1/32"])
        let secure = try await trusted.get(trusted.platformURL + "/admin/login", headers: ["X-Forwarded-Proto": "https"])
        #expect(secure.headers["set-cookie"]?.contains("Secure") == true)
        let plain = try await trusted.get(trusted.platformURL + "/admin/login")
        #expect(plain.headers["set-cookie"]?.contains("Secure") == false)
        await trusted.stop()

        let untrusted = try await Self.start(trusting: [])
        let claimed = try await untrusted.get(untrusted.platformURL + "/admin/login", headers: ["X-Forwarded-Proto": "https"])
        #expect(claimed.headers["set-cookie"]?.contains("Secure") == false)
        await untrusted.stop()
    }

    @Test func configuration_RefusesAnEntryThatIsNotACIDRBlock() {
        let json = #"{"component": {"appId": "wx0123456789abcdef", "appSecret": "s", "token": "tokenABC", "encodingAESKey": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}, "server": {"trustedProxies": ["10.0.0.0/8", "proxy.internal"]}}"#
        #expect(throws: ConfigurationError.self) { try Configuration.parse(Data(json.utf8)) }
        do {
            _ = try Configuration.parse(Data(json.utf8))
        } catch {
            #expect("\(error)".contains("server.trustedProxies[1]"))
        }
    }
}
