import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Messages to the message URL handed on to the platform's service: what is posted, how it is
/// signed, and which accounts get what.
@Suite struct ForwardingMessageTests {
    typealias Harness = ForwardingHarness

    /// The old code replied "subscribefrom_callback" to every follower of every account.
    @Test func realAccountsSubscribeEvent_GetsNoTestReply_AndIsForwarded() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        let response = try await h.send(h.event("subscribe", eventKey: "qrscene_42"))
        #expect(response.status == 200)
        #expect(response.text == "success")
        let delivered = try #require(h.deliveries("message").first)
        #expect(delivered.json["type"] as? String == "message")
        #expect(delivered.json["authorizer_appid"] as? String == Harness.account.appID)
        #expect(delivered.json["id"] as? String == delivered.id)
        #expect(delivered.json["received_at"] as? String == RFC3339.format(h.clock.now(), milliseconds: true))
        #expect(delivered.message["Event"] as? String == "subscribe")
        #expect(delivered.message["EventKey"] as? String == "qrscene_42")
        #expect(delivered.message["FromUserName"] as? String == Harness.sender)
        #expect(delivered.message["ToUserName"] as? String == Harness.account.userName)
        #expect(delivered.message["CreateTime"] as? String == String(Int(h.clock.now().timeIntervalSince1970)))
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        await h.stop()
    }

    /// Verified the way a service would, with HMAC-SHA256 computed here from the raw body.
    @Test func signature_IsHMACSHA256OfTimestampDotRawBody_WithTheSecret() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        try await h.send(h.text("你好 \"quoted\""))
        let delivered = try #require(h.deliveries("message").first)
        let header = try #require(delivered.headers["X-Wxopen-Signature"])
        let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map { part in
            let pair = part.split(separator: "=", maxSplits: 1)
            return (String(pair[0]), String(pair[1]))
        })
        let timestamp = try #require(parts["t"])
        #expect(timestamp == String(Int(h.clock.now().timeIntervalSince1970)))
        let expected = Crypto.hex(Crypto.hmacSHA256(key: Array(Harness.secret.utf8), message: Array("\(timestamp).".utf8) + Array(delivered.body)))
        #expect(parts["v1"] == expected)
        let wrongSecret = Crypto.hex(Crypto.hmacSHA256(key: Array("another-secret-0000000".utf8), message: Array("\(timestamp).".utf8) + Array(delivered.body)))
        #expect(parts["v1"] != wrongSecret)
        #expect(delivered.message["Content"] as? String == "你好 \"quoted\"")
        #expect(delivered.headers["X-Wxopen-Attempt"] == "1")
        #expect(delivered.headers["Content-Type"] == "application/json; charset=utf-8")
        await h.stop()
    }

    @Test func nestedFields_BecomeObjects_AndRepeatedOnesArrays() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        let time = Int(h.clock.now().timeIntervalSince1970)
        let xml = """
            <xml><ToUserName><![CDATA[\(Harness.account.userName)]]></ToUserName><FromUserName><![CDATA[\(Harness.sender)]]></FromUserName>\
            <CreateTime>\(time)</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[pic_weixin]]></Event>\
            <EventKey><![CDATA[menu_pics]]></EventKey><SendPicsInfo><Count>2</Count><PicList>\
            <item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item>\
            </PicList></SendPicsInfo></xml>
            """
        #expect(try await h.send(xml).text == "success")
        let message = try #require(h.deliveries("message").first).message
        let info = try #require(message["SendPicsInfo"] as? [String: Any])
        #expect(info["Count"] as? String == "2")
        let items = try #require((info["PicList"] as? [String: Any])?["item"] as? [[String: Any]])
        #expect(items.compactMap { $0["PicMd5Sum"] as? String } == ["aaa", "bbb"])
        await h.stop()
    }

    /// The full-release check's texts are only the test accounts': a real account's text that
    /// starts with QUERY_AUTH_CODE: is forwarded, and no code is exchanged.
    @Test func realAccountsQueryAuthCodeText_IsForwarded_AndNeverExchanged() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        let exchanges = h.simulator.counters()["api_query_auth"] ?? 0
        let response = try await h.send(h.text("QUERY_AUTH_CODE:queryauthcode@@@someone-typed-this"))
        #expect(response.text == "success")
        #expect(h.deliveries("message").first?.message["Content"] as? String == "QUERY_AUTH_CODE:queryauthcode@@@someone-typed-this")
        #expect(h.simulator.counters()["api_query_auth"] ?? 0 == exchanges)
        let testText = try await h.send(h.text(FullReleaseCheck.testText, msgID: "6200000000000000002"))
        #expect(testText.text == "success")
        #expect(h.deliveries("message").count == 2)
        await h.stop()
    }

    @Test func accountWxopenHasNotStored_IsAnsweredSuccess_ForwardedAndLogged() async throws {
        let h = try await Harness.start()
        let stranger = (appID: "wxnotstoredhere001", userName: "gh_notstored0001")
        let response = try await h.send(h.text("hello", to: stranger.userName), to: stranger)
        #expect(response.status == 200)
        #expect(response.text == "success")
        #expect(h.deliveries("message").first?.json["authorizer_appid"] as? String == stranger.appID)
        #expect(h.platform.logs.lines.contains { $0.contains("event=message_unknown_account") && $0.contains(stranger.appID) })
        await h.stop()
    }

    @Test(arguments: ["weapp_audit_success", "weapp_audit_fail", "weapp_audit_delay"])
    func miniProgramAuditEvents_AreAnsweredSuccess_AndForwarded(event: String) async throws {
        let h = try await Harness.start()
        try await h.authorize([Harness.miniProgram.appID])
        let response = try await h.send(h.event(event, to: Harness.miniProgram.userName), to: Harness.miniProgram)
        #expect(response.text == "success")
        let delivered = try #require(h.deliveries("message").first)
        #expect(delivered.message["Event"] as? String == event)
        #expect(delivered.json["authorizer_appid"] as? String == Harness.miniProgram.appID)
        await h.stop()
    }

    /// Without `forwarding`: `success`, one event-log entry per message (WeChat's retries
    /// merged), and never the content.
    @Test func withoutForwarding_MessagesAreAnsweredSuccess_AndKeptInTheEventLog() async throws {
        let harness = try await PlatformHarness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: Harness.account.appID, sendPush: true)
        let xml = AccountMessage.text(toUserName: Harness.account.userName, fromUserName: Harness.sender,
                                      createTime: Int64(harness.clock.now().timeIntervalSince1970), content: "私密内容", msgID: "77").renderXML()
        for _ in 0..<3 {
            let push = SignedPush.message(xml, toUserName: Harness.account.userName, at: harness.clock.now())
            #expect(try await push.send(to: harness, path: "/wechat/messages/\(Harness.account.appID)").text == "success")
        }
        let events = try await harness.store.recentEvents(EventQuery(kindPrefix: "message."))
        #expect(events.count == 1)
        #expect(events.first?.appID == Harness.account.appID)
        #expect(events.first?.detail.contains("MsgType text") == true)
        #expect(events.first?.detail.contains("私密内容") == false)
        await harness.stop()
    }
}
