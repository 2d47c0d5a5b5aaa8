import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// The current full-release check end to end against the simulator: every group of test
/// accounts, both kinds, with the code pushed as `authorized` first (exchanged twice) or not.
@Suite struct FullReleaseGroupsTests {
    static let cases: [(group: Int, pushAuthorized: Bool)] = (1...5).map { ($0, true) } + [(2, false), (5, false)]

    @Test(arguments: cases)
    func fullReleaseCheck_Passes_ForEveryGroupAndBothAccountKinds(group: Int, pushAuthorized: Bool) async throws {
        let h = try await ForwardingHarness.start()
        let report = await h.simulator.runFullReleaseCheck(.init(group: group, pushAuthorized: pushAuthorized))
        #expect(report.passed, "\(report.steps)")
        #expect(report.steps.count == 6)
        let accounts = SimulatedAccount.fullReleaseGroups[group - 1]
        let messages = h.simulator.customMessages().filter { $0.content?.hasSuffix("_from_api") == true }
        #expect(Set(messages.map(\.authorizerAppID)) == [accounts.officialAccount.appID, accounts.miniProgram.appID])
        // The check's own messages are the check's: none reaches the service.
        #expect(h.deliveries("message").isEmpty)
        #expect(try await h.store.authorizer(appID: accounts.miniProgram.appID)?.refreshToken != nil)
        await h.stop()
    }

    /// A test account's other messages, and its events, are forwarded like any account's;
    /// no account gets the old `{Event}from_callback`.
    @Test func testAccountsEvent_GetsNoFromCallbackReply_AndIsForwarded() async throws {
        let h = try await ForwardingHarness.start()
        let account = SimulatedAccount.fullReleaseGroups[3].officialAccount
        let xml = AccountMessage.event(toUserName: account.userName, fromUserName: "o-tester", createTime: Int64(h.clock.now().timeIntervalSince1970),
                                       event: "LOCATION").renderXML()
        let response = try await h.send(xml, to: (account.appID, account.userName))
        #expect(response.text == "success")
        #expect(h.deliveries("message").first?.message["Event"] as? String == "LOCATION")
        await h.stop()
    }

    /// The test accounts are recognised by the signed ToUserName; posting one's message to
    /// another appid's URL is refused.
    @Test func testAccountsMessage_ToAnotherAppIDsURL_IsRefused() async throws {
        let h = try await ForwardingHarness.start()
        let account = SimulatedAccount.fullReleaseGroups[0].officialAccount
        let xml = h.text(FullReleaseCheck.testText, to: account.userName)
        let response = try await h.send(xml, to: (appID: "wx1d4b7e2a9c3f5a68", userName: account.userName))
        #expect(response.status == 400)
        await h.stop()
    }
}
