import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// `/readyz` and `/metrics`. `/readyz` says ready only when the component token can be had
/// (issue 11.1), not merely when a ticket is stored.
@Suite struct OperationsRoutesTests {
    typealias Harness = PlatformHarness

    /// Live: request metrics come from the HTTP server's observer, which only a real server calls.
    @Test func metrics_CountUpstreamCallsRequestsAndAges() async throws {
        let harness = try await InternalAPITests.withAccounts(mode: .live)
        let response = try await harness.get(harness.platformURL + "/metrics", headers: ["Authorization": "Bearer " + harness.apiKey])
        #expect(response.status == 200)
        #expect(response.text.contains(#"wxopen_upstream_calls_total{endpoint="api_component_token",errcode="0"} 1"#))
        #expect(response.text.contains(#"wxopen_http_requests_total{route="/wechat/component/events",status="200"}"#))
        #expect(response.text.contains("wxopen_ticket_age_seconds 0"))
        #expect(response.text.contains(#"wxopen_authorizers{status="authorized"} 3"#))
        #expect(response.text.contains("wxopen_http_request_duration_seconds_bucket{route=\"/wechat/component/events\",le=\"+Inf\"}"))
        #expect(try await harness.get(harness.platformURL + "/metrics").status == 401)
        await harness.stop()
    }

    @Test func readiness_FollowsTheTicket() async throws {
        let harness = try await PlatformHarness.start()
        let before = try await harness.get(harness.platformURL + "/readyz")
        #expect(before.status == 503)
        #expect(before.text.contains("waiting for component_verify_ticket"))
        try await harness.pushTicket()
        #expect(try await harness.get(harness.platformURL + "/readyz").status == 200)
        await harness.stop()
    }

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
