import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Nothing acknowledged is lost: the outbox across failures and restarts, retries with backoff,
/// WeChat's own retries merged, order per account.
@Suite struct ForwardingDeliveryTests {
    typealias Harness = ForwardingHarness

    /// WeChat re-sends a message it got no answer for: new timestamp and nonce (so a new
    /// msg_signature), same MsgId. Events have no MsgId: sender + CreateTime + Event.
    @Test func wechatsRetries_AreDeliveredOnce() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        let text = h.text("hello")
        let event = h.event("CLICK", eventKey: "menu_1")
        for _ in 0..<3 {
            #expect(try await h.send(text).text == "success")
            #expect(try await h.send(event).text == "success")
        }
        #expect(h.deliveries("message").count == 2)
        #expect(h.platform.logs.lines.filter { $0.contains("event=message_duplicate") }.count == 4)
        await h.stop()
    }

    @Test func wechatsRetries_AreDeliveredOnce_AcrossARestartOfTheFileStore() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let first = try await Harness.start(store: try await FileStoreHarness(path: directory.storePath).open(), clock: clock)
            try await first.authorize()
            let text = first.text("hello")
            #expect(try await first.send(text).text == "success")
            #expect(first.deliveries("message").count == 1)
            await first.stop()

            clock.advance(by: 60)
            let second = try await Harness.start(store: try await FileStoreHarness(path: directory.storePath).open(), clock: clock)
            #expect(try await second.send(text).text == "success")
            #expect(second.deliveries("message").isEmpty)
            #expect(second.platform.logs.contains("event=message_duplicate"))
            await second.stop()
        }
    }

    /// The first attempt fails (503), then the worker's: 2 s, 4 s, 8 s later on the manual clock,
    /// until the service takes it. The same delivery id every time.
    @Test func failingService_IsRetriedWithBackoff_UntilItAccepts() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        h.service.script([.status(503), .status(500), .status(502)])
        #expect(try await h.send(h.text("hello")).text == "success")
        var waits: [TimeInterval] = []
        for _ in 0..<3 {
            let backlog = try #require(try await h.store.outboxBacklog(limit: 1).first).head
            #expect(await h.worker.runOnce() == 0, "not due before its backoff")
            waits.append(backlog.nextAttemptAt.timeIntervalSince(try #require(backlog.lastAttemptAt)))
            h.clock.set(backlog.nextAttemptAt)
            #expect(await h.worker.runOnce() == 1)
        }
        #expect(waits == [2, 4, 8])
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        let attempts = h.deliveries("message")
        #expect(attempts.count == 4)
        #expect(Set(attempts.compactMap(\.id)).count == 1)
        #expect(attempts.compactMap { $0.headers["X-Wxopen-Attempt"] } == ["1", "2", "3", "4"])
        await h.stop()
    }

    /// The worker's own loop, its waits on a sleeper that moves the manual clock: no real waiting.
    /// Time moves only while no attempt is in flight, as a real one takes milliseconds of it.
    @Test func worker_RetriesOnItsOwn_UntilTheServiceAccepts() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = MemoryStore()
        let h = try await Harness.start(store: store, idleSleep: { duration in
            guard store.outboxCounts(now: clock.now()).delivering == 0 else { return try await Task.sleep(for: .milliseconds(1)) }
            clock.advance(by: TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18)
            await Task.yield()
        }, clock: clock)
        try await h.authorize()
        h.service.script([.status(503), .status(503), .status(503)])
        #expect(try await h.send(h.text("hello")).text == "success")
        h.platform.app.startDelivering()
        await h.service.wait(until: { store.outboxCounts(now: clock.now()).total == 0 }, "the delivery to go through")
        #expect(h.deliveries("message").count == 4)
        await h.stop()
    }

    /// With the service down, each account's messages wait; once it is back they arrive in the
    /// order they came, per account.
    @Test func deliveries_ArriveInOrderPerAccount_AfterTheServiceComesBack() async throws {
        let h = try await Harness.start()
        try await h.authorize([Harness.account.appID, Harness.miniProgram.appID])
        h.service.script([], otherwise: .status(503))
        for index in 1...3 {
            try await h.send(h.text("a\(index)", msgID: "10\(index)"))
            try await h.send(h.text("b\(index)", to: Harness.miniProgram.userName, msgID: "20\(index)"), to: Harness.miniProgram)
        }
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 6)
        h.service.script([])
        h.clock.advance(by: 600)
        while await h.worker.runOnce() > 0 {}
        let contents = h.deliveries("message").compactMap { $0.message["Content"] as? String }
        #expect(contents.filter { $0.hasPrefix("a") }.suffix(3) == ["a1", "a2", "a3"])
        #expect(contents.filter { $0.hasPrefix("b") }.suffix(3) == ["b1", "b2", "b3"])
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        await h.stop()
    }

    /// Refused pushes never reach the service: a bad signature, a message sealed for another
    /// component (the appid trailer), a body over the limit.
    @Test func refusedMessages_AreNotForwarded() async throws {
        let h = try await Harness.start()
        try await h.authorize()
        let url = h.platform.platformURL + "/wechat/messages/\(Harness.account.appID)"
        let forged = try await h.platform.post(url + "?timestamp=\(Int(h.clock.now().timeIntervalSince1970))&nonce=1&msg_signature=00",
                                               body: SignedPush.message(h.text("x"), toUserName: Harness.account.userName, at: h.clock.now()).body)
        #expect(forged.status == 400)
        let other = MessageCrypto(token: SimulatorConfiguration.Demo.token,
                                  encodingAESKey: try EncodingAESKey(SimulatorConfiguration.Demo.encodingAESKey), appID: "wxsomeoneelse00000")
        #expect(try await h.send(h.text("x"), crypto: other).status == 400)
        let oversize = try await h.platform.post(url + "?timestamp=1&nonce=1&msg_signature=00", body: String(repeating: "a", count: 70 * 1024))
        #expect(oversize.status == 413)
        #expect(h.service.deliveries.filter { $0.headers["X-Wxopen-Event"] == "message" }.isEmpty)
        #expect(try await h.store.outboxCounts(now: h.clock.now()).total == 0)
        await h.stop()
    }
}
