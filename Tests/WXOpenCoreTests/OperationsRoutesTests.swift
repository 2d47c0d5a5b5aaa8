import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore

/// `/readyz` says ready only when the component token can be had (issue 11.1), not merely when
/// a ticket is stored.
@Suite struct OperationsRoutesTests {
    typealias Harness = PlatformHarness

    @Test func readiness_Fails_WhileWeChatRefusesTheTicket_AndRecovers_WithANewOne() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        // The stored ticket is refused; keep WeChat from pushing a new one by itself meanwhile.
        harness.simulator.injectFault(.errcode(61006), endpoint: "api_component_token", count: 1)
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_start_push_ticket", count: 10)
        let refused = try await harness.get(harness.platformURL + "/readyz")
        #expect(refused.status == 503)
        #expect(refused.text.contains("component_access_token cannot be obtained"))
        #expect(refused.text.contains("61006"))
        // Asked again with the same ticket, readiness does not call WeChat again.
        #expect(try await harness.get(harness.platformURL + "/readyz").status == 503)
        #expect(harness.simulator.counters()["api_component_token"] == 1)

        harness.clock.advance(by: 60)
        try await harness.pushTicket()
        #expect(try await harness.get(harness.platformURL + "/readyz").status == 200)
        #expect(harness.simulator.counters()["api_component_token"] == 2)
        await harness.stop()
    }
}
