import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// `/readyz` and `/metrics`.
@Suite struct OperationsRoutesTests {
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
}
