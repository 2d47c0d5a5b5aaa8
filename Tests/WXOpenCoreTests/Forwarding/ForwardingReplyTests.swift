import Foundation
import Synchronization
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// A service's answer becoming WeChat's reply, and WeChat's 5-second deadline holding whatever
/// the service does.
@Suite struct ForwardingReplyTests {
    typealias Harness = ForwardingHarness
    typealias Demo = SimulatorConfiguration.Demo

    static let replies: [(json: String, check: @Sendable (XMLElement) -> Bool)] = [
        (#"{"MsgType":"text","Content":"收到 <3"}"#, { $0.text(of: "Content") == "收到 <3" }),
        (#"{"MsgType":"image","MediaId":"m-1"}"#, { $0.child(named: "Image")?.text(of: "MediaId") == "m-1" }),
        (#"{"MsgType":"voice","MediaId":"m-2"}"#, { $0.child(named: "Voice")?.text(of: "MediaId") == "m-2" }),
        (#"{"MsgType":"video","MediaId":"m-3","Title":"T"}"#, {
            $0.child(named: "Video")?.text(of: "MediaId") == "m-3" && $0.child(named: "Video")?.text(of: "Title") == "T" }),
        (#"{"MsgType":"music","ThumbMediaId":"t-1","MusicUrl":"https://m.example/a.mp3"}"#, {
            $0.child(named: "Music")?.text(of: "ThumbMediaId") == "t-1" && $0.child(named: "Music")?.text(of: "MusicUrl") == "https://m.example/a.mp3" }),
        (#"{"MsgType":"news","Articles":[{"Title":"A","Url":"https://a.example/"},{"Title":"B"}]}"#, { root in
            root.text(of: "ArticleCount") == "2"
                && root.child(named: "Articles")?.children.compactMap { $0.text(of: "Title") } == ["A", "B"] }),
        (#"{"MsgType":"transfer_customer_service","KfAccount":"kf2001@gh"}"#, {
            $0.child(named: "TransInfo")?.text(of: "KfAccount") == "kf2001@gh" }),
    ]

    @Test(arguments: 0..<replies.count)
    func servicesReply_IsWeChatsAnswer_EncryptedAsTheScheme(index: Int) async throws {
        let (json, check) = Self.replies[index]
        let h = try await Harness.start()
        try await h.authorize()
        h.service.script([.accept(#"{"reply":\#(json)}"#)])
        let response = try await h.send(h.text("hi"))
        #expect(response.status == 200)
        let opened = try WeChatScheme.openReply(response.text, token: Demo.token, encodingAESKey: Demo.encodingAESKey)
        #expect(opened.appID == Demo.componentAppID)
        let root = try WeChatXML.parse(opened.message)
        #expect(root.text(of: "ToUserName") == Harness.sender)
        #expect(root.text(of: "FromUserName") == Harness.account.userName)
        #expect(root.text(of: "CreateTime") == String(Int(h.clock.now().timeIntervalSince1970)))
        let type = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["MsgType"] as? String)
        #expect(root.text(of: "MsgType") == type)
        #expect(check(root), "\(opened.message)")
        // Delivered: it left the outbox.
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        await h.stop()
    }

    /// Key rotation: a message that opened with the previous EncodingAESKey is answered with it.
    @Test func reply_IsEncryptedWithTheKeyWeChatUsed() async throws {
        let previous = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
        let h = try await Harness.start(configure: { $0.component.previousEncodingAESKey = previous })
        try await h.authorize()
        h.service.script([.accept(#"{"reply":{"MsgType":"text","Content":"ok"}}"#)])
        let old = MessageCrypto(token: Demo.token, encodingAESKey: try EncodingAESKey(previous), appID: Demo.componentAppID)
        let response = try await h.send(h.text("hi"), crypto: old)
        let opened = try WeChatScheme.openReply(response.text, token: Demo.token, encodingAESKey: previous)
        #expect(try WeChatXML.parse(opened.message).text(of: "Content") == "ok")
        await h.stop()
    }

    @Test func invalidReply_IsAnsweredSuccess_AndTheDeliveryStillCounts() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        h.service.script([.accept(#"{"reply":{"MsgType":"location"}}"#)])
        #expect(try await h.send(h.text("hi")).text == "success")
        #expect(h.platform.logs.contains("event=reply_invalid"))
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        await h.stop()
    }

    /// The deadline is the injected sleeper: it passes at once here, while the service hangs, so
    /// WeChat is answered `success` without any real waiting; the attempt finishes afterwards.
    @Test func slowService_GetsSuccessWithinTheDeadline_AndItsAttemptFinishesLater() async throws {
        let h = try await Harness.start(replyDeadline: Sleepers.none)
        try await h.authorize()
        h.service.script([.hang(#"{"reply":{"MsgType":"text","Content":"too late"}}"#)])
        let started = ContinuousClock.now
        let response = try await h.send(h.text("hi"), settle: false)
        #expect(response.text == "success")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(h.platform.logs.contains("event=reply_deadline_passed"))
        // Still leased to the attempt in flight: the worker does not send it a second time.
        #expect(try await h.store.outboxCounts(now: h.clock.now()).delivering == 1)
        #expect(await h.worker.runOnce() == 0)
        h.service.release()
        await h.forwarding.settle()
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        #expect(h.deliveries("message").count == 1)
        await h.stop()
    }

    /// What the reply wait is given: `replyTimeoutMs`, cut to what is left of WeChat's 5 s.
    @Test func replyBudget_IsTheTimeout_CutToWhatIsLeftOfFiveSeconds() async throws {
        let asked = Mutex<[Duration]>([])
        let h = try await Harness.start(replyDeadline: { duration in asked.withLock { $0.append(duration) } }, replyTimeoutMs: 3000)
        try await h.authorize()
        h.service.script([.hang("{}")])
        #expect(try await h.send(h.text("hi"), settle: false).text == "success")
        let budget = try #require(asked.withLock { $0.first })
        #expect(budget <= .milliseconds(3000))
        #expect(budget > .milliseconds(2000))
        #expect(ForwardingService.replyBudget(timeout: 3, elapsed: 0.2) == 3)
        #expect(ForwardingService.replyBudget(timeout: 3, elapsed: 4) == 0.5)
        #expect(ForwardingService.replyBudget(timeout: 3, elapsed: 6) == 0)
        await h.stop()
    }
}
