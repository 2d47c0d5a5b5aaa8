import Foundation
import HTTPServer
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 11: the internal API's answers to what outside testers and a newcomer tried: two
/// credentials, input echoed in errors, refreshes nobody asked for, a hint said twice. Called at
/// router level; WeChat is the simulator.
@Suite struct InternalAPIHardeningTests {
    typealias Harness = PlatformHarness
    static let account = PlatformHarness.officialAccount

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:] }
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
    }

    /// The API's routes as the platform wires them, without sockets.
    struct API {
        let harness: Harness
        let router: Router

        init(_ harness: Harness) {
            self.harness = harness
            var router = Router()
            let app = harness.app
            let apiKeys = APIKeyGuard(authenticator: APIKeyAuthenticator(keys: app.configuration.apiKeys), logger: app.logger)
            InternalAPIRoutes(platform: app.platform, tokens: app.tokens, sync: app.sync, apiKeys: apiKeys).add(to: &router)
            self.router = router
        }

        func send(_ method: HTTPMethod, _ target: String, body: String = "", authorization: [String]? = nil) async throws -> Reply {
            var headers = HTTPHeaders()
            headers.add("Host", "127.0.0.1")
            for value in authorization ?? ["Bearer " + harness.apiKey] { headers.add("Authorization", value) }
            let request = try HTTPRequest(method: method, target: target, headers: headers, body: Data(body.utf8))
            let response = await router.respond(to: request)
            return Reply(status: response.status.code, headers: response.headers,
                         text: String(decoding: response.body.data ?? Data(), as: UTF8.self))
        }
    }

    static func authorized() async throws -> (Harness, API) {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, sendPush: true)
        harness.simulator.resetCounters()
        return (harness, API(harness))
    }

    // MARK: 11.10: one Authorization field, one credential

    @Test func twoAuthorizationFields_Are400_EvenWhenOneKeyIsGood() async throws {
        let harness = try await Harness.start()
        let api = API(harness)
        let good = "Bearer " + harness.apiKey
        for pair in [[good, "Bearer nope"], ["Bearer nope", good], [good, good]] {
            let reply = try await api.send(.get, "/api/v1/authorizers", authorization: pair)
            #expect(reply.status == 400)
            #expect(reply.error["code"] as? String == "ambiguous_authorization")
            #expect(reply.headers["WWW-Authenticate"] == nil)
        }
        #expect(harness.logs.contains("event=api_unauthorized"))
        #expect(harness.logs.contains("reason=\"more than one credential\""))
        await harness.stop()
    }

    @Test(arguments: ["Bearer KEY, Bearer other", "Bearer KEY,other", "Bearer KEY other", "Bearer KEY=x"])
    func oneFieldHoldingMoreThanOneCredential_Is400(header: String) async throws {
        let harness = try await Harness.start()
        let reply = try await API(harness).send(.get, "/api/v1/authorizers",
                                                authorization: [header.replacingOccurrences(of: "KEY", with: harness.apiKey)])
        #expect(reply.status == 400)
        #expect(reply.error["code"] as? String == "ambiguous_authorization")
        await harness.stop()
    }

    @Test func oneGoodKey_StillWorks() async throws {
        let harness = try await Harness.start()
        #expect(try await API(harness).send(.get, "/api/v1/authorizers").status == 200)
        await harness.stop()
    }

    // MARK: 11.8: messages never echo what the request sent

    static let hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%0D%0AX-Injected:%201"

    @Test(arguments: ["/api/v1/authorizers/\(hostile)", "/api/v1/authorizers/\(hostile)/access-token",
                      "/api/v1/authorizers/\(account)/options/\(hostile)", "/api/v1/authorizers?cursor=\(hostile)",
                      "/api/v1/\(hostile)"])
    func markupAndCRLFFromTheRequest_AreNotEchoed(target: String) async throws {
        let (harness, api) = try await Self.authorized()
        let reply = try await api.send(.get, target)
        #expect([400, 404].contains(reply.status), "\(reply.status) \(reply.text)")
        #expect(reply.error["message"] is String)
        for echo in ["script", "X-Injected", "\r", "\n", "%3C", "alert"] {
            #expect(!reply.text.contains(echo), "\(target) echoed \(echo.debugDescription): \(reply.text)")
        }
        await harness.stop()
    }

    @Test func wellFormedAppID_IsNamed_InTheMessage() async throws {
        let (harness, api) = try await Self.authorized()
        let reply = try await api.send(.get, "/api/v1/authorizers/wx0123456789abcdef")
        #expect(reply.status == 404)
        #expect(reply.error["message"] as? String == "wx0123456789abcdef has not authorized this platform")
        await harness.stop()
    }

    // MARK: Newcomer: a refresh must be asked for

    @Test(arguments: ["", "{}", #"{"force": false}"#, #"{"force": 1}"#, #"{"force": "true"}"#, #"{"invalid_token": ""}"#,
                      #"{"invalid_token": 7}"#, #"{"invalid_token": "x", "force": true}"#, "not json"])
    func refreshWithoutInvalidTokenOrForce_Is400_AndRefreshesNothing(body: String) async throws {
        let (harness, api) = try await Self.authorized()
        for target in ["/api/v1/authorizers/\(Self.account)/access-token/refresh", "/api/v1/component/access-token/refresh"] {
            let reply = try await api.send(.post, target, body: body)
            #expect(reply.status == 400, "\(target) \(body)")
            #expect(reply.error["code"] as? String == "bad_request")
            #expect((reply.error["message"] as? String)?.contains(#"{"force": true}"#) == true)
        }
        #expect(harness.simulator.counters()["api_authorizer_token"] ?? 0 == 0)
        #expect(harness.simulator.counters()["api_component_token"] ?? 0 == 0)
        await harness.stop()
    }

    @Test func forcedRefresh_IsOncePerMinutePerAccount_AndLogsTheKey() async throws {
        let (harness, api) = try await Self.authorized()
        let target = "/api/v1/authorizers/\(Self.account)/access-token/refresh"
        let before = try #require(try await harness.store.authorizer(appID: Self.account)?.accessToken)
        let first = try await api.send(.post, target, body: #"{"force": true}"#)
        #expect(first.status == 200)
        let refreshed = try #require(first.json["access_token"] as? String)
        #expect(refreshed != before)
        #expect(harness.logs.contains("event=api_forced_refresh"))
        #expect(harness.logs.lines.contains { $0.contains("event=api_forced_refresh") && $0.contains("key=tests")
                                              && $0.contains("authorizer_appid=\(Self.account)") && $0.contains("outcome=refreshing") })

        harness.clock.advance(by: 59)
        let second = try await api.send(.post, target, body: #"{"force": true}"#)
        #expect(second.status == 429)
        #expect(second.error["code"] as? String == "rate_limited")
        #expect(second.headers["Retry-After"] == "1")
        #expect(harness.simulator.counters()["api_authorizer_token"] == 1)
        #expect(harness.logs.contains("outcome=rate_limited"))

        // Another account has its own allowance; the compare-and-refresh path is never limited.
        let stale = try await api.send(.post, target, body: #"{"invalid_token": "an-older-token"}"#)
        #expect(stale.status == 200)
        #expect(stale.json["access_token"] as? String == refreshed)

        harness.clock.advance(by: 1)
        #expect(try await api.send(.post, target, body: #"{"force": true}"#).status == 200)
        #expect(harness.simulator.counters()["api_authorizer_token"] == 2)
        await harness.stop()
    }

    @Test func forcedRefresh_OfAnUnknownAccount_Is404() async throws {
        let (harness, api) = try await Self.authorized()
        let reply = try await api.send(.post, "/api/v1/authorizers/wx0123456789abcdef/access-token/refresh", body: #"{"force": true}"#)
        #expect(reply.status == 404)
        await harness.stop()
    }

    @Test func forcedComponentRefresh_FetchesANewToken_OncePerMinute() async throws {
        let (harness, api) = try await Self.authorized()
        let current = try await api.send(.get, "/api/v1/component/access-token")
        let token = try #require(current.json["access_token"] as? String)
        let calls = harness.simulator.counters()["api_component_token"] ?? 0
        let forced = try await api.send(.post, "/api/v1/component/access-token/refresh", body: #"{"force": true}"#)
        #expect(forced.status == 200)
        #expect(forced.json["access_token"] as? String != token)
        #expect(harness.simulator.counters()["api_component_token"] == calls + 1)
        let again = try await api.send(.post, "/api/v1/component/access-token/refresh", body: #"{"force": true}"#)
        #expect(again.status == 429)
        #expect(harness.logs.contains("component_appid=\(harness.app.platform.componentAppID) outcome=rate_limited"))
        await harness.stop()
    }

    // MARK: Newcomer: the hint, once

    static let hint = "add this server's egress IP to the platform's IP whitelist"

    func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func ipWhitelistError_ThroughTheAPI_HasTheHintOnce() async throws {
        let (harness, api) = try await Self.authorized()
        harness.simulator.injectFault(.errcode(61004), endpoint: "api_authorizer_token", count: 10)
        harness.clock.advance(by: 7200)
        let reply = try await api.send(.get, "/api/v1/authorizers/\(Self.account)/access-token")
        #expect(reply.status == 502)
        #expect(reply.error["wechat_errcode"] as? Int == 61004)
        let message = try #require(reply.error["message"] as? String)
        #expect(occurrences(of: Self.hint, in: message) == 1, "\(message)")
        #expect(occurrences(of: "api_authorizer_token failed", in: message) == 1, "\(message)")
        let stored = try #require(try await harness.store.authorizer(appID: Self.account)?.lastRefreshError)
        #expect(occurrences(of: Self.hint, in: stored) == 1, "\(stored)")
        await harness.stop()
    }

    @Test func ipWhitelistError_ThroughTheConsole_HasTheHintOnce() async throws {
        let harness = try await ConsoleHarness.start()
        try await harness.authorize([Self.account])
        harness.simulator.injectFault(.errcode(61004), endpoint: "api_authorizer_token", count: 10)
        let browser = try await harness.signedInBrowser(language: "en")
        let reply = try await browser.post("/admin/authorizers/\(Self.account)/refresh-token", form: [("csrf", try await browser.csrfToken())])
        let page = try await browser.get(try #require(reply.location))
        let flash = try #require(page.text.components(separatedBy: "id=\"flash\"").dropFirst().first?.components(separatedBy: "</div>").first)
        #expect(occurrences(of: HTML.escape(Self.hint), in: flash) == 1, "\(flash)")
        #expect(occurrences(of: "61004", in: flash) == 1, "\(flash)")
        let events = try await harness.store.recentEvents(EventQuery(appID: Self.account, outcome: "failed"))
        #expect(!events.isEmpty)
        for event in events { #expect(occurrences(of: Self.hint, in: event.detail) == 1, "\(event.kind): \(event.detail)") }
        await harness.stop()
    }
}
