import Foundation
import Testing
@testable import WeChatSimulator
import WXOpenTesting

/// The full-release check against a platform that answers correctly and one that does not.
@Suite struct FullReleaseCheckTests {
    @Test func fullReleaseCheck_Passes_AgainstACorrectPlatform() async throws {
        try await withHarness(mode: .live, responder: .correct) { h in
            await h.simulator.pushTicket()
            let report = await h.simulator.runFullReleaseCheck()
            #expect(report.steps.map(\.name) == ["event", "text", "query_auth_code_reply", "query_auth_code_custom_message"])
            #expect(report.steps.map(\.passed) == [true, true, true, true], "\(report.steps)")
            #expect(report.passed)
            #expect(h.receiver.rejections.isEmpty)
            let message = try #require(h.simulator.customMessages().last)
            #expect(message.authorizerAppID == "wx570bc396a51b8ff8")
            #expect(message.toUser == WeChatSimulator.fullReleaseSenderOpenID)
            #expect(message.content?.hasSuffix("_from_api") == true)
        }
    }

    @Test func fullReleaseCheck_Fails_AgainstAWrongPlatform() async throws {
        try await withHarness(responder: .wrong, { $0.fullReleaseReplyTimeout = 0.3 }) { h in
            await h.simulator.pushTicket()
            let report = await h.simulator.runFullReleaseCheck()
            #expect(report.steps.map(\.passed) == [true, false, true, false])
            #expect(report.steps[1].detail == "expected content 'TESTCOMPONENT_MSG_TYPE_TEXT_callback', got 'hello'")
            #expect(report.steps[3].detail.hasPrefix("no customer-service text '"))
            #expect(!report.passed)
        }
    }

    @Test func fullReleaseCheck_OverHTTP_ReturnsTheReport() async throws {
        try await withHarness(responder: .correct) { h in
            await h.simulator.pushTicket()
            let reply = try await h.http.post("/simulator/full-release-check", json: "")
            #expect(reply.status == 200)
            #expect(reply.json["passed"] as? Bool == true)
            #expect((reply.json["steps"] as? [[String: Any]])?.count == 4)
        }
    }

    @Test func fullReleaseCheck_Fails_WhenTheMessageURLIsDown() async throws {
        try await withHarness({ $0.messageURLTemplate = "http://127.0.0.1:1/wechat/messages/$APPID$"; $0.fullReleaseReplyTimeout = 0.1 }) { h in
            let report = await h.simulator.runFullReleaseCheck()
            #expect(report.steps.map(\.passed) == [false, false, false, false])
            #expect(report.steps[0].detail.hasPrefix("no answer: "))
        }
    }
}
