import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 14: the old option API first, the newer one when WeChat refuses the old one.
@Suite struct AuthorizerOptionFallbackTests {
    typealias Harness = PlatformHarness
    static let account = Harness.officialAccount
    static let path = "/api/v1/authorizers/\(account)/options/voice_recognize"

    static func started() async throws -> Harness {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, sendPush: true)
        harness.simulator.resetCounters()
        return harness
    }

    @Test func get_UsesTheOldAPI_WhileItWorks() async throws {
        let harness = try await Self.started()
        #expect(try await harness.api("GET", Self.path).json["option_value"] as? String == "0")
        #expect(harness.simulator.counters()["api_get_authorizer_option"] == 1)
        #expect(harness.simulator.counters()["get_authorizer_option"] == nil)
        await harness.stop()
    }

    @Test(arguments: [48001, 48004])
    func get_FallsBackToTheNewAPI_WhenTheOldIsRefused(errcode: Int) async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(errcode), endpoint: "api_get_authorizer_option")
        let answer = try await harness.api("GET", Self.path)
        #expect(answer.status == 200)
        #expect(answer.json["option_value"] as? String == "0")
        #expect(harness.simulator.counters()["get_authorizer_option"] == 1)
        #expect(harness.logs.contains("event=authorizer_option_fallback"))
        await harness.stop()
    }

    @Test func set_FallsBackToTheNewAPI_AndTheValueSticks() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(48001), endpoint: "api_set_authorizer_option")
        let answer = try await harness.api("PUT", Self.path, body: #"{"option_value": "1"}"#)
        #expect(answer.status == 200)
        #expect(harness.simulator.counters()["set_authorizer_option"] == 1)
        #expect(try await harness.api("GET", Self.path).json["option_value"] as? String == "1", "read back through the old API")
        await harness.stop()
    }

    @Test func otherRefusals_DoNotFallBack() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(61007), endpoint: "api_get_authorizer_option")
        let answer = try await harness.api("GET", Self.path)
        #expect(answer.status == 502)
        #expect((answer.json["error"] as? [String: Any])?["wechat_errcode"] as? Int == 61007)
        #expect(harness.simulator.counters()["get_authorizer_option"] == nil)
        await harness.stop()
    }
}
