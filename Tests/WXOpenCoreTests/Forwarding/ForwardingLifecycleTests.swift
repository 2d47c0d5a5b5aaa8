import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// The accounts' lifecycle delivered to the service, and no secret ever in a delivery or a log.
@Suite struct ForwardingLifecycleTests {
    typealias Harness = ForwardingHarness
    typealias Demo = SimulatorConfiguration.Demo

    @Test func authorizedUpdatedAndUnauthorized_AreDelivered_WithThePublicFields() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        let authorized = try #require(h.deliveries("authorizer.authorized").first)
        #expect(authorized.json["type"] as? String == "authorizer.authorized")
        #expect(authorized.json["authorizer_appid"] as? String == Harness.account.appID)
        let account = try #require(authorized.json["authorizer"] as? [String: Any])
        #expect(account["nick_name"] as? String == "星河咖啡")
        #expect(account["user_name"] as? String == Harness.account.userName)
        #expect(account["status"] as? String == "authorized")
        #expect(account["access_token"] == nil)
        #expect(account["refresh_token"] == nil)

        _ = try await h.simulator.updatePermissions(appID: Harness.account.appID, funcIDs: [1, 2])
        await h.drain()
        let updated = try #require(h.deliveries("authorizer.updated").first)
        #expect((updated.json["authorizer"] as? [String: Any])?["func_info"] as? [Int] == [1, 2])

        try await h.simulator.revoke(appID: Harness.account.appID)
        await h.drain()
        let revoked = try #require(h.deliveries("authorizer.unauthorized").first)
        #expect((revoked.json["authorizer"] as? [String: Any])?["status"] as? String == "revoked")
        #expect(h.deliveries("authorizer.authorized").count == 1)
        await h.stop()
    }

    /// 61023, and the authorizer list has no other refresh token: the merchant must authorize again.
    @Test func lostRefreshToken_IsDeliveredAsNeedsReauthorization() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        h.simulator.injectFault(.errcode(61023), endpoint: "api_authorizer_token", count: 2)
        await #expect(throws: PlatformError.self) { try await h.platform.app.tokens.refresh(appID: Harness.account.appID) }
        await h.drain()
        let delivery = try #require(h.deliveries("authorizer.needs_reauthorization").first)
        #expect(delivery.json["authorizer_appid"] as? String == Harness.account.appID)
        #expect((delivery.json["authorizer"] as? [String: Any])?["status"] as? String == "needs-reauthorization")
        await h.stop()
    }

    /// `notify_third_fasteregister` with status 0: its auth_code is exchanged like an
    /// authorization, so the new mini program is stored with its refresh token at once.
    @Test func fastRegistration_ExchangesItsAuthCode_AndAnnouncesTheAccount() async throws {
        let h = try await Harness.start()
        try await h.platform.pushTicket()
        let grant = try await h.simulator.authorize(appID: Harness.miniProgram.appID, sendPush: false)
        let xml = ComponentPush.fastRegister(
            appID: Demo.componentAppID, createTime: Int64(h.clock.now().timeIntervalSince1970),
            registeredAppID: Harness.miniProgram.appID, status: 0, authCode: grant.authorizationCode, message: "OK",
            info: ["name": "鲜果到家"]).renderXML()
        let response = try await SignedPush.component(xml, at: h.clock.now()).send(to: h.platform)
        #expect(response.text == "success")
        let record = try #require(try await h.store.authorizer(appID: Harness.miniProgram.appID))
        #expect(record.status == .authorized)
        #expect(record.refreshToken == h.simulator.authorization(of: Harness.miniProgram.appID)?.refreshToken)
        await h.drain()
        #expect(h.deliveries("authorizer.authorized").first?.json["authorizer_appid"] as? String == Harness.miniProgram.appID)
        await h.stop()
    }

    /// Every token the simulator issued, the refresh token, the platform's secrets and the
    /// forwarding secret: none in any delivery (headers or body) or any log line.
    @Test func noTokenOrSecret_AppearsInADeliveryOrALog() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        h.service.script([.accept(#"{"reply":{"MsgType":"text","Content":"hi"}}"#)])
        try await h.send(h.text("hello"))
        try await h.send(h.event("subscribe"))
        _ = try await h.platform.app.tokens.refresh(appID: Harness.account.appID)
        let secrets = [h.simulator.latestAuthorizerToken(of: Harness.account.appID), h.simulator.latestComponentToken,
                       h.simulator.authorization(of: Harness.account.appID)?.refreshToken, h.simulator.latestTicket,
                       Demo.componentAppSecret, Demo.encodingAESKey, Harness.secret].compactMap { $0 }
        #expect(secrets.count == 7)
        try await h.simulator.revoke(appID: Harness.account.appID)
        await h.drain()

        let delivered = h.service.deliveries.map { delivery in
            delivery.text + delivery.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        }
        #expect(delivered.count >= 4)
        for secret in secrets {
            #expect(!delivered.contains { $0.contains(secret) }, "a delivery holds \(secret.prefix(6))…")
            #expect(!h.platform.logs.lines.contains { $0.contains(secret) }, "a log line holds \(secret.prefix(6))…")
        }
        await h.stop()
    }
}
