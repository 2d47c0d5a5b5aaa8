import Foundation
import Testing
@testable import WXOpenCore

/// Issue 16: what the schema fuzzer found the API accepting although its description (and
/// common sense) says no. Each is refused with a 400 that says what to send, and changes nothing.
@Suite struct InternalAPIStrictnessTests {
    typealias Harness = PlatformHarness
    static let account = Harness.officialAccount

    static func started() async throws -> Harness {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, sendPush: true)
        return harness
    }

    @Test func sync_WithAStreamValueOtherThan0Or1_Is400_AndStartsNothing() async throws {
        let harness = try await Self.started()
        let refused = try await harness.api("POST", "/api/v1/authorizers/sync?stream=yes")
        #expect(refused.status == 400)
        #expect((refused.json["error"] as? [String: Any])?["message"] as? String == "stream must be 1 (NDJSON progress) or 0")
        #expect(await harness.app.sync.current().state == .idle)
        #expect(try await harness.api("POST", "/api/v1/authorizers/sync?stream=0").status == 202)
        _ = await harness.app.sync.wait()
        await harness.stop()
    }

    @Test(arguments: ["stream=", "stream=yes"])
    func sync_WithAnEmptyOrUnknownStream_Is400(query: String) async throws {
        let harness = try await Self.started()
        #expect(try await harness.api("POST", "/api/v1/authorizers/sync?" + query).status == 400)
        #expect(await harness.app.sync.current().state == .idle)
        await harness.stop()
    }

    @Test(arguments: ["status=", "type=", "limit=", "type=unknown", "status=Authorized"])
    func list_WithAFilterThatIsPresentButNotValid_Is400(query: String) async throws {
        let harness = try await Self.started()
        let answer = try await harness.api("GET", "/api/v1/authorizers?" + query)
        #expect(answer.status == 400, "\(query)")
        await harness.stop()
    }

    @Test(arguments: ["type=", "type=card"])
    func jsapiTicket_WithAnEmptyOrUnknownType_Is400_AndFetchesNothing(query: String) async throws {
        let harness = try await Self.started()
        #expect(try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/jsapi-ticket?" + query).status == 400)
        #expect(harness.simulator.counters()["ticket_getticket"] == nil)
        await harness.stop()
    }

    @Test(arguments: [#"{"invalid_token": "abc", "force": null}"#, #"{"invalid_token": null, "force": true}"#, #"{"invalid_token": null}"#,
                      #"{"invalidToken": "abc"}"#, #"{"force": true, "reason": "stale"}"#])
    func refresh_WithANullOrUnknownMember_Is400_AndRefreshesNothing(body: String) async throws {
        let harness = try await Self.started()
        let before = try await harness.store.authorizer(appID: Self.account)?.accessToken
        let answer = try await harness.api("POST", "/api/v1/authorizers/\(Self.account)/access-token/refresh", body: body)
        #expect(answer.status == 400)
        #expect(try await harness.store.authorizer(appID: Self.account)?.accessToken == before)
        await harness.stop()
    }

    @Test func aBodyOverTheRoutesLimit_IsRefusedInTheAPIsErrorShape() async throws {
        let harness = try await Harness.start(mode: .live)
        let padding = String(repeating: "a", count: 5000)
        let answer = try await harness.api("POST", "/api/v1/component/access-token/refresh", body: #"{"invalid_token": "\#(padding)"}"#)
        #expect(answer.status == 413)
        #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "body_too_large")
        let problems = try OpenAPIContract().problems("POST", "/api/v1/component/access-token/refresh", status: 413,
                                                      headers: ["Content-Type": "application/json"],
                                                      body: try JSONSerialization.data(withJSONObject: answer.json))
        #expect(problems == [])
        await harness.stop()
    }

    @Test(arguments: [#"{"option_value": false}"#, #"{"option_value": true}"#, #"{"option_value": null}"#, #"{"option_value": [1]}"#])
    func setOption_WithAValueThatIsNotAStringOrInteger_Is400(body: String) async throws {
        let harness = try await Self.started()
        let answer = try await harness.api("PUT", "/api/v1/authorizers/\(Self.account)/options/location_report", body: body)
        #expect(answer.status == 400)
        #expect(harness.simulator.counters()["api_set_authorizer_option"] == nil, "WeChat was not asked")
        await harness.stop()
    }

    @Test(arguments: [#"{"option_value": 1}"#, #"{"option_value": "1"}"#])
    func setOption_TakesTheValueAsStringOrInteger(body: String) async throws {
        let harness = try await Self.started()
        let answer = try await harness.api("PUT", "/api/v1/authorizers/\(Self.account)/options/location_report", body: body)
        #expect(answer.status == 200)
        #expect(answer.json["option_value"] as? String == "1")
        await harness.stop()
    }
}
