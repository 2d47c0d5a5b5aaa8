import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 14: the quota tools on the internal API, against the simulator (rids on).
@Suite struct QuotaToolsTests {
    typealias Harness = PlatformHarness
    static let account = Harness.officialAccount

    static func started(clearQuotaLimit: Int = 10) async throws -> Harness {
        let harness = try await Harness.start(simulatorConfigure: { configuration in
            configuration.ridsInErrors = true
            configuration.clearQuotaLimit = clearQuotaLimit
        })
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, sendPush: true)
        return harness
    }

    func error(_ json: [String: Any]) -> [String: Any] { json["error"] as? [String: Any] ?? [:] }

    /// The rid at the end of a WeChat errmsg carried in one of our error messages.
    func rid(in json: [String: Any]) throws -> String {
        let message = try #require(error(json)["message"] as? String)
        let tail = try #require(message.components(separatedBy: "rid: ").last)
        return String(tail.prefix { $0.isHexDigit || $0 == "-" })
    }

    @Test func quota_OfAnAccountsAPI_CountsItsCalls() async throws {
        let harness = try await Self.started()
        #expect(try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/jsapi-ticket").status == 200)
        let answer = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/quota?cgi_path=/cgi-bin/ticket/getticket")
        #expect(answer.status == 200)
        #expect(answer.json["authorizer_appid"] as? String == Self.account)
        #expect(answer.json["daily_limit"] as? Int == 100_000)
        #expect(answer.json["used"] as? Int == 1)
        #expect(answer.json["remain"] as? Int == 99_999)
        #expect(answer.json["rate_limit"] as? [String: Int] == ["call_count": 1000, "refresh_second": 60])
        await harness.stop()
    }

    @Test func quota_OfThePlatformsAPI_UsesTheComponentToken() async throws {
        let harness = try await Self.started()
        let answer = try await harness.api("GET", "/api/v1/component/quota?cgi_path=/cgi-bin/component/api_component_token")
        #expect(answer.status == 200)
        #expect(answer.json["component_appid"] as? String == SimulatorConfiguration.Demo.componentAppID)
        #expect(answer.json["used"] as? Int == 1)
        await harness.stop()
    }

    @Test func quota_BadPaths_AreRefused() async throws {
        let harness = try await Self.started()
        let base = "/api/v1/authorizers/\(Self.account)/quota"
        #expect(try await harness.api("GET", base).status == 400)
        #expect(try await harness.api("GET", base + "?cgi_path=cgi-bin/ticket/getticket").status == 400)
        #expect(try await harness.api("GET", base + "?cgi_path=https://api.weixin.qq.com/cgi-bin/ticket/getticket").status == 400)
        let foreign = try await harness.api("GET", base + "?cgi_path=/cgi-bin/component/api_component_token")
        // WeChat refusing what the caller asked about is the caller's 4xx, not a 502 (issue 16's fuzzer).
        #expect(foreign.status == 403)
        #expect(error(foreign.json)["code"] as? String == "cgi_path_not_permitted")
        #expect(error(foreign.json)["wechat_errcode"] as? Int == 76022)
        let unknown = try await harness.api("GET", base + "?cgi_path=/cgi-bin/no/such/api")
        #expect(unknown.status == 404)
        #expect(error(unknown.json)["code"] as? String == "unknown_cgi_path")
        #expect(error(unknown.json)["wechat_errcode"] as? Int == 76021)
        await harness.stop()
    }

    @Test func rid_OfAnAccountsFailedCall_IsLookedUp_WithTokensCut() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(45009), endpoint: "ticket_getticket")
        let failed = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/jsapi-ticket")
        #expect(failed.status == 502)
        #expect(error(failed.json)["wechat_errcode"] as? Int == 45009)
        let rid = try self.rid(in: failed.json)
        let answer = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/rid/\(rid)")
        #expect(answer.status == 200)
        #expect(answer.json["rid"] as? String == rid)
        #expect((answer.json["response_body"] as? String)?.contains("45009") == true)
        let url = try #require(answer.json["request_url"] as? String)
        #expect(url.contains("type=jsapi"))
        let token = try #require(try await harness.store.authorizer(appID: Self.account)?.accessToken)
        #expect(!url.contains(token))
        #expect(answer.json["invoke_time"] as? String == RFC3339.format(harness.clock.now()))
        // Only the account that made the call may look it up.
        let asPlatform = try await harness.api("GET", "/api/v1/component/rid/\(rid)")
        #expect(asPlatform.status == 404)
        #expect(error(asPlatform.json)["code"] as? String == "rid_not_found")
        #expect(error(asPlatform.json)["wechat_errcode"] as? Int == 76003)
        let unknown = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/rid/00000000-00000000-00000000")
        #expect(unknown.status == 404)
        #expect(error(unknown.json)["wechat_errcode"] as? Int == 76001)
        await harness.stop()
    }

    @Test func rid_OfThePlatformsFailedCall_IsLookedUpWithTheComponentToken() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(45009), endpoint: "api_get_authorizer_option")
        let failed = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/options/voice_recognize")
        let rid = try self.rid(in: failed.json)
        let answer = try await harness.api("GET", "/api/v1/component/rid/\(rid)")
        #expect(answer.status == 200)
        #expect((answer.json["request_body"] as? String)?.contains("voice_recognize") == true)
        #expect(try await harness.api("GET", "/api/v1/component/rid/not-a-rid!").status == 400)
        // Hex and dashes but not WeChat's three groups of 8: refused here, without asking WeChat.
        #expect(try await harness.api("GET", "/api/v1/component/rid/abc-123").status == 400)
        await harness.stop()
    }

    @Test func clear_NeedsTheAppIDRepeated_ThenResets_AndIsRecorded() async throws {
        let harness = try await Self.started()
        let path = "/api/v1/authorizers/\(Self.account)/quota/clear"
        let unconfirmed = try await harness.api("POST", path, body: "{}")
        #expect(unconfirmed.status == 400)
        #expect(error(unconfirmed.json)["code"] as? String == "confirmation_required")
        #expect(try await harness.api("POST", path, body: #"{"confirm": "wx0000000000000000"}"#).status == 400)
        #expect(harness.simulator.quotaResets(holder: Self.account) == 0, "nothing was spent")

        let done = try await harness.api("POST", path, body: #"{"confirm": "\#(Self.account)"}"#)
        #expect(done.status == 200)
        #expect(done.json["cleared"] as? Bool == true)
        #expect(harness.simulator.quotaResets(holder: Self.account) == 1)
        let events = try await harness.store.recentEvents(EventQuery(appID: Self.account, kindPrefix: "operator."))
        #expect(events.first?.kind == "operator.quota_cleared")
        #expect(events.first?.detail.contains("api key tests") == true)
        #expect(harness.logs.contains("event=quota_cleared"))
        #expect(!harness.logs.contains(Harness.appSecret), "the appsecret the call carries is never logged")
        await harness.stop()
    }

    @Test func clear_BeyondTheMonthlyLimit_SaysSo_AndRecordsTheFailure() async throws {
        let harness = try await Self.started(clearQuotaLimit: 1)
        let path = "/api/v1/authorizers/\(Self.account)/quota/clear", body = #"{"confirm": "\#(Self.account)"}"#
        #expect(try await harness.api("POST", path, body: body).status == 200)
        let refused = try await harness.api("POST", path, body: body)
        #expect(refused.status == 429)
        #expect(error(refused.json)["code"] as? String == "clear_limit_reached")
        #expect(error(refused.json)["wechat_errcode"] as? Int == 48006)
        let events = try await harness.store.recentEvents(EventQuery(appID: Self.account, kindPrefix: "operator."))
        #expect(events.first?.outcome == "failed")
        await harness.stop()
    }

    @Test func clear_OfThePlatform_SpendsItsOwnBudget() async throws {
        let harness = try await Self.started()
        let done = try await harness.api("POST", "/api/v1/component/quota/clear",
                                         body: #"{"confirm": "\#(SimulatorConfiguration.Demo.componentAppID)"}"#)
        #expect(done.status == 200)
        #expect(harness.simulator.quotaResets(holder: "component") == 1)
        #expect(harness.simulator.quotaResets(holder: Self.account) == 0)
        await harness.stop()
    }

    @Test func scrubTokens_CutsEveryTokenParameter() {
        #expect(QuotaTools.scrubTokens("access_token=61_abcdefghijk&type=jsapi&component_access_token=61_zyxwvutsrq")
            == "access_token=61_abc…(14)&type=jsapi&component_access_token=61_zyx…(13)")
    }
}
