import Foundation
import HTTPServer
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenTesting

@Suite struct ConsoleGateTests {
    let gate = ConsoleGate(sessions: ConsoleSessions(store: MemoryStore(), clock: ManualClock(), idleTimeout: 60, capacity: 1),
                           publicBaseURL: "https://open.example.com", languageSetting: .auto)

    func request(_ headers: HTTPHeaders) throws -> HTTPRequest {
        try HTTPRequest(method: .post, target: "/admin/sync", headers: headers)
    }

    static let origins: [(HTTPHeaders, Bool)] = [
        (["Host": "open.example.com", "Origin": "https://open.example.com"], true),
        (["Host": "10.0.0.5:8080", "Origin": "https://open.example.com"], true),
        (["Host": "10.0.0.5:8080", "Origin": "http://10.0.0.5:8080"], true),
        (["Host": "open.example.com", "Referer": "https://open.example.com/admin/sync"], true),
        (["Host": "open.example.com"], true),
        (["Host": "open.example.com", "Origin": "https://evil.example"], false),
        (["Host": "open.example.com", "Origin": "null"], false),
        (["Host": "open.example.com", "Origin": "https://open.example.com.evil.example"], false),
        (["Host": "open.example.com", "Referer": "https://evil.example/?https://open.example.com"], false),
        (["Host": "open.example.com", "Origin": "https://evil.example", "Referer": "https://open.example.com/admin"], false),
    ]

    @Test(arguments: origins)
    func sameOrigin_TrustsOnlyOurOwnPages(headers: HTTPHeaders, expected: Bool) throws {
        #expect(gate.isSameOrigin(try request(headers)) == expected)
    }

    @Test(arguments: ["//evil.example/admin", "/\\evil.example", "https://evil.example/admin", "/adminx", "/admin/../authorize",
                      "/admin/login", "/admin/logout", "javascript:alert(1)", "/admin/\u{0A}x", "/admin/ x", nil])
    func next_OutsideTheConsole_IsNotFollowed(target: String?) {
        #expect(ConsoleGate.safeNext(target) == nil)
    }

    @Test(arguments: ["/admin", "/admin/authorizers?status=revoked&q=%E6%98%9F", "/admin/authorizers/wx8f3c2a1b5d6e7f90"])
    func next_InsideTheConsole_IsFollowed(target: String) {
        #expect(ConsoleGate.safeNext(target) == target)
    }

    @Test func secureCookies_FollowThePublicScheme() throws {
        let request = try HTTPRequest(method: .get, target: "/admin")
        #expect(gate.secureCookies(for: request))
        #expect(!ConsoleGate(sessions: gate.sessions, publicBaseURL: "http://127.0.0.1:8080", languageSetting: .auto)
            .secureCookies(for: request))
    }
}
