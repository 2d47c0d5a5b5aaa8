import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// The one push pipeline, as both URLs share it: the replay window, a failed push being handled
/// when WeChat sends it again, and the addressing checks of the message URL.
@Suite struct PushReceiverTests {
    typealias Harness = PlatformHarness
    typealias Demo = SimulatorConfiguration.Demo
    static let testAccount = (appID: "wx570bc396a51b8ff8", userName: "gh_3c884a361561")

    static func textXML(_ content: String, to userName: String, at time: Date) -> String {
        AccountMessage.text(toUserName: userName, fromUserName: "o-sender", createTime: Int64(time.timeIntervalSince1970),
                            content: content, msgID: "1234567890").renderXML()
    }

    func sendMessage(_ push: SignedPush, appID: String, to harness: Harness) async throws -> WeChatHTTPResponse {
        try await push.send(to: harness, path: "/wechat/messages/\(appID)")
    }

    /// A push answered 500 leaves the replay window, so the same bytes are handled when WeChat
    /// sends them again.
    @Test func pushWhoseHandlingFailed_IsHandled_WhenSentAgain() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let grant = try await harness.simulator.authorize(appID: Harness.officialAccount, sendPush: false)
        let xml = ComponentPush.authorization(appID: Demo.componentAppID, createTime: Int64(harness.clock.now().timeIntervalSince1970), authorizerAppID: Harness.officialAccount,
            authorizationCode: grant.authorizationCode, authorizationCodeExpiredTime: Int64(grant.expiresAt.timeIntervalSince1970),
            preAuthCode: nil).renderXML()
        let push = SignedPush.component(xml, at: harness.clock.now())
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_query_auth", count: 3)
        let failed = try await push.send(to: harness)
        #expect(failed.status == 500)
        #expect(try await harness.store.authorizer(appID: Harness.officialAccount) == nil)

        let retried = try await push.send(to: harness)
        #expect(retried.status == 200)
        #expect(retried.text == "success")
        #expect(try await harness.store.authorizer(appID: Harness.officialAccount)?.status == .authorized)
        #expect(!harness.logs.contains("event=push_duplicate"))
        await harness.stop()
    }

    @Test func replayedMessage_IsAcknowledged_WithoutASecondReply() async throws {
        let harness = try await Harness.start()
        let account = Self.testAccount
        let push = SignedPush.message(Self.textXML(FullReleaseCheck.testText, to: account.userName, at: harness.clock.now()),
                                      toUserName: account.userName, at: harness.clock.now())
        let first = try await sendMessage(push, appID: account.appID, to: harness)
        #expect(first.status == 200)
        #expect(first.text.contains("<Encrypt>"))
        let replay = try await sendMessage(push, appID: account.appID, to: harness)
        #expect(replay.status == 200)
        #expect(replay.text == "success")
        #expect(harness.logs.contains("event=push_duplicate"))
        await harness.stop()
    }

    /// Issue 11.5 on the message URL: the sealed appid must be our component's.
    @Test func messageSealedForAnotherComponent_Is400() async throws {
        let harness = try await Harness.start()
        let other = MessageCrypto(token: Demo.token, encodingAESKey: try EncodingAESKey(Demo.encodingAESKey), appID: "wxsomeoneelse00000")
        let account = Self.testAccount
        let push = SignedPush.message(Self.textXML(FullReleaseCheck.testText, to: account.userName, at: harness.clock.now()),
                                      toUserName: account.userName, at: harness.clock.now(), crypto: other)
        let response = try await sendMessage(push, appID: account.appID, to: harness)
        #expect(response.status == 400)
        #expect(response.text == "rejected\n")
        #expect(harness.logs.lines.contains { $0.contains("event=push_rejected") && $0.contains("appid-mismatch") })
        await harness.stop()
    }

    /// The path's appid is not signed; a message whose (signed) ToUserName is another account's
    /// user name is not passed off as this account's.
    @Test func messageAddressedToAnotherAccount_IsRefused_WhenTheAccountsUserNameIsKnown() async throws {
        let harness = try await Harness.start()
        try await harness.store.updateAuthorizer(appID: Harness.officialAccount) { _ in
            var record = AuthorizerRecord(appID: Harness.officialAccount, componentAppID: Demo.componentAppID, updatedAt: harness.clock.now())
            record.info = AccountInfo(userName: "gh_ours00000001", accountType: .officialAccount, fetchedAt: harness.clock.now())
            return record
        }
        let stranger = SignedPush.message(Self.textXML("hello", to: "gh_theirs0000001", at: harness.clock.now()),
                                          toUserName: "gh_theirs0000001", at: harness.clock.now())
        #expect(try await sendMessage(stranger, appID: Harness.officialAccount, to: harness).status == 400)
        #expect(harness.logs.lines.contains { $0.contains("event=push_rejected") && $0.contains("ToUserName is not the user name") })

        let ours = SignedPush.message(Self.textXML("hello", to: "gh_ours00000001", at: harness.clock.now()),
                                      toUserName: "gh_ours00000001", at: harness.clock.now())
        let accepted = try await sendMessage(ours, appID: Harness.officialAccount, to: harness)
        #expect(accepted.status == 200)
        #expect(accepted.text == "success")
        await harness.stop()
    }
}
