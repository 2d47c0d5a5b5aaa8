import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// The platform harness with `forwarding` pointed at a `FakeService`, and what the forwarding
/// tests send: messages signed as WeChat signs them, to an authorized demo account.
struct ForwardingHarness: Sendable {
    static let secret = "forwarding-secret-for-tests-0123456789"
    /// 星河咖啡, an official account of the simulator's demo set.
    static let account = (appID: "wx8f3c2a1b5d6e7f90", userName: "gh_5a1c7e9d2b34")
    static let miniProgram = (appID: "wx9b3d5f7a2c4e6b18", userName: "gh_2a4c6e8b1d3f")
    static let sender = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"

    let platform: PlatformHarness
    let service: FakeService

    var clock: ManualClock { platform.clock }
    var store: any Store { platform.store }
    var simulator: WeChatSimulator { platform.simulator }
    var forwarding: ForwardingService { platform.app.platform.forwarding! }
    var worker: DeliveryWorker { platform.app.deliveries! }

    /// `replyDeadline` defaults to real time, so a service that answers at once makes the reply.
    static func start(store: (any Store)? = nil, replyDeadline: @escaping Sleeper = Sleepers.real,
                      idleSleep: @escaping Sleeper = Sleepers.real, replyTimeoutMs: Int = 3000,
                      configure: @escaping (inout Configuration) -> Void = { _ in },
                      clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))) async throws -> ForwardingHarness {
        let service = try FakeService()
        let platform = try await PlatformHarness.start(clock: clock, store: store, configure: { configuration in
            configuration.forwarding = .init(url: service.url, secret: secret, replyTimeoutMs: replyTimeoutMs)
            configure(&configuration)
        }, deliveries: .init(replyDeadline: replyDeadline, idleSleep: idleSleep, owner: "test-owner"))
        return ForwardingHarness(platform: platform, service: service)
    }

    func stop() async {
        await service.stop()
        await platform.stop()
    }

    /// A ticket, then the demo accounts authorized through WeChat's push (so their user names are
    /// known), and their `authorizer.authorized` deliveries delivered, so that a test's first
    /// message is its account's oldest delivery.
    func authorize(_ appIDs: [String] = [Self.account.appID]) async throws {
        try await platform.pushTicket()
        for appID in appIDs { _ = try await simulator.authorize(appID: appID, sendPush: true) }
        await drain()
    }

    /// Runs the worker until nothing is due.
    func drain() async {
        while await worker.runOnce() > 0 {}
    }

    /// Posts `xml` to the account's message URL, signed and encrypted as WeChat does, then (with
    /// `settle`) waits until the attempt it started, which outlives WeChat's answer, is recorded.
    @discardableResult
    func send(_ xml: String, to account: (appID: String, userName: String) = Self.account, crypto: MessageCrypto = SignedPush.crypto,
              settle: Bool = true) async throws -> WeChatHTTPResponse {
        let push = SignedPush.message(xml, toUserName: account.userName, at: clock.now(), crypto: crypto)
        let response = try await push.send(to: platform, path: "/wechat/messages/\(account.appID)")
        if settle { await forwarding.settle() }
        return response
    }

    func text(_ content: String, to userName: String = Self.account.userName, msgID: String? = "6200000000000000001") -> String {
        AccountMessage.text(toUserName: userName, fromUserName: Self.sender, createTime: Int64(clock.now().timeIntervalSince1970),
                            content: content, msgID: msgID).renderXML()
    }

    func event(_ event: String, to userName: String = Self.account.userName, eventKey: String? = nil) -> String {
        AccountMessage.event(toUserName: userName, fromUserName: Self.sender, createTime: Int64(clock.now().timeIntervalSince1970),
                             event: event, eventKey: eventKey).renderXML()
    }

    /// Deliveries the service got for one type.
    func deliveries(_ type: String) -> [FakeService.Delivery] {
        service.deliveries.filter { $0.headers["X-Wxopen-Event"] == type }
    }
}

/// WeChat's message encryption written out from the scheme the shared vectors state
/// (`Tests/Fixtures/message-crypto.json`), independent of `MessageCrypto`: what WeChat does
/// with the reply wxopen sends.
enum WeChatScheme {
    struct Opened {
        var message: String
        var appID: String
    }

    /// Checks `MsgSignature` and opens `<Encrypt>` of an encrypted reply.
    static func openReply(_ body: String, token: String, encodingAESKey: String) throws -> Opened {
        let root = try WeChatXML.parse(body)
        let encrypt = try #require(root.text(of: "Encrypt"))
        let parts = [token, try #require(root.text(of: "TimeStamp")), try #require(root.text(of: "Nonce")), encrypt]
        let sorted = parts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined()
        #expect(Crypto.hex(Crypto.sha1(Array(sorted.utf8))) == root.text(of: "MsgSignature"))
        let key = Array(try #require(Data(base64Encoded: encodingAESKey + "=")))
        let plain = try Crypto.AESCBC.decrypt(key: key, iv: Array(key[0..<16]), ciphertext: Array(try #require(Data(base64Encoded: encrypt))))
        let pad = Int(try #require(plain.last))
        try #require((1...32).contains(pad))
        let body = Array(plain.dropLast(pad))
        let length = body[16..<20].reduce(0) { $0 << 8 | Int($1) }
        return Opened(message: String(decoding: body[20..<(20 + length)], as: UTF8.self),
                      appID: String(decoding: body[(20 + length)...], as: UTF8.self))
    }
}
