import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenTesting

/// The full-release check (全网发布) as WeChat runs it against the message URL.
@Suite struct FullReleaseCheckTests {
    @Test func fullReleaseCheck_PassesEveryStep() async throws {
        let harness = try await PlatformHarness.start(mode: .live)
        try await harness.pushTicket()
        let report = await harness.simulator.runFullReleaseCheck()
        #expect(report.passed, "\(report)")
        #expect(harness.simulator.customMessages().contains { $0.content?.hasSuffix("_from_api") == true })
        await harness.stop()
    }

    @Test func messageWithABadSignature_IsRefused() async throws {
        let harness = try await PlatformHarness.start()
        let response = try await harness.post(harness.platformURL + "/wechat/messages/wx570bc396a51b8ff8?timestamp=1&nonce=1&msg_signature=00",
                                              body: "<xml><ToUserName>gh_3c884a361561</ToUserName><Encrypt>abc</Encrypt></xml>")
        #expect(response.status == 400)
        await harness.stop()
    }
}
