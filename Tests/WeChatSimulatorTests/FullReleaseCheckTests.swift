import Foundation
import Testing
@testable import WeChatSimulator
import WXOpenTesting

/// The full-release check against a platform that answers correctly and one that does not.
@Suite struct FullReleaseCheckTests {
    static let stepNames = [
        "ticket", "official_account.text", "official_account.query_auth_code_reply", "official_account.query_auth_code_custom_message",
        "mini_program.query_auth_code_reply", "mini_program.query_auth_code_custom_message",
    ]

    /// Group 1 over real sockets, the others in-process.
    @Test(arguments: 1...5)
    func fullReleaseCheck_Passes_AgainstACorrectPlatform(group: Int) async throws {
        try await withHarness(mode: group == 1 ? .live : .inProcess, responder: .correct) { h in
            let report = await h.simulator.runFullReleaseCheck(.init(group: group))
            #expect(report.group == group)
            #expect(report.steps.map(\.name) == Self.stepNames)
            #expect(report.steps.map(\.passed) == [true, true, true, true, true, true], "\(report.steps)")
            #expect(report.passed)
            #expect(h.receiver.rejections.isEmpty)
            let accounts = SimulatedAccount.fullReleaseGroups[group - 1]
            let messages = h.simulator.customMessages()
            #expect(messages.map(\.authorizerAppID) == [accounts.officialAccount.appID, accounts.miniProgram.appID])
            #expect(messages.map(\.toUser) == [WeChatSimulator.fullReleaseSenderOpenID, WeChatSimulator.fullReleaseMiniProgramSenderOpenID])
            #expect(messages.allSatisfy { $0.content?.hasSuffix("_from_api") == true })
            // The check authorizes both accounts and pushes their codes as `authorized`, as WeChat does.
            let authorized = h.receiver.received.compactMap { push -> String? in
                if case .authorized(let event) = push.push { event.authorizerAppID } else { nil }
            }
            #expect(authorized == [accounts.officialAccount.appID, accounts.miniProgram.appID])
        }
    }

    @Test func fullReleaseCheck_Fails_AgainstAWrongPlatform() async throws {
        try await withHarness(responder: .wrong, { $0.fullReleaseReplyTimeout = 0.3 }) { h in
            let report = await h.simulator.runFullReleaseCheck(.init(group: 1))
            #expect(report.steps.map(\.passed) == [true, false, true, false, true, false])
            #expect(report.steps[1].detail == "expected content 'TESTCOMPONENT_MSG_TYPE_TEXT_callback', got 'hello'")
            #expect(report.steps[3].detail.hasPrefix("no customer-service text '"))
            #expect(!report.passed)
        }
    }

    @Test func fullReleaseCheck_OverHTTP_ReturnsTheReport_ForTheGroupAndKindsAsked() async throws {
        try await withHarness(responder: .correct) { h in
            let reply = try await h.http.post("/simulator/full-release-check", json: #"{"group": 3, "kinds": ["mini_program"]}"#)
            #expect(reply.status == 200)
            #expect(reply.json["passed"] as? Bool == true)
            #expect(reply.json["group"] as? Int == 3)
            #expect((reply.json["steps"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                    == ["ticket", "mini_program.query_auth_code_reply", "mini_program.query_auth_code_custom_message"])
            let refused = try await h.http.post("/simulator/full-release-check", json: #"{"group": 6}"#)
            #expect(refused.status == 400)
        }
    }

    @Test func fullReleaseCheck_Fails_WhenTheMessageURLIsDown() async throws {
        try await withHarness({ $0.messageURLTemplate = "http://127.0.0.1:1/wechat/messages/$APPID$"; $0.fullReleaseReplyTimeout = 0.1 }) { h in
            let report = await h.simulator.runFullReleaseCheck(.init(group: 2))
            #expect(report.steps.map(\.passed) == [true, false, false, false, false, false])
            #expect(report.steps[1].detail.hasPrefix("no answer: "))
        }
    }
}
