import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 14: 61010 (the authorization code expired) is the merchant's to redo, not a failure to retry.
@Suite struct AuthorizationCodeExpiredTests {
    typealias Harness = PlatformHarness

    @Test func authorizedPush_WithAnExpiredCode_IsAnsweredSuccess() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let grant = try await harness.simulator.authorize(appID: Harness.officialAccount, sendPush: false)
        harness.clock.advance(by: 601)
        let now = harness.clock.now()
        let xml = ComponentPush.authorization(
            appID: SimulatorConfiguration.Demo.componentAppID, createTime: Int64(now.timeIntervalSince1970) - 601,
            authorizerAppID: Harness.officialAccount, authorizationCode: grant.authorizationCode,
            authorizationCodeExpiredTime: Int64(grant.expiresAt.timeIntervalSince1970), preAuthCode: grant.preAuthCode).renderXML()
        let response = try await SignedPush.component(xml, at: now).send(to: harness)
        #expect(response.status == 200)
        #expect(response.text == "success", "a retry cannot make the code valid again: WeChat must stop sending it")
        #expect(harness.simulator.counters()["api_query_auth"] == 1)
        #expect(harness.logs.contains("event=push_code_unusable"))
        #expect(try await harness.store.authorizer(appID: Harness.officialAccount) == nil)
        await harness.stop()
    }

    @Test func callback_WithAnExpiredCode_ShowsAClearPage() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        // Both the callback and the push that races it meet the expired code.
        harness.simulator.injectFault(.errcode(61010, errmsg: "code is expired"), endpoint: "api_query_auth", count: 2)
        let approved = try await harness.approveThroughBrowser(Harness.officialAccount)
        let page = try await harness.get(approved.callback, headers: ["Cookie": approved.cookie])
        #expect(page.status == 400)
        #expect(page.text.contains("授权码已过期或已被使用"))
        #expect(page.text.contains("/authorize"), "the way back to the start page")
        await harness.stop()
    }
}
