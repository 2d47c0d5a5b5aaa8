import Foundation
import Testing
@testable import WXOpenCore

/// Issue 16: every token read through the API names the key that asked — in its access-log
/// line, in `/metrics` and in the console's "read recently by" — and never the token.
@Suite struct TokenAttributionLiveTests {
    /// Live: the access log and the request counters are the server's.
    @Test func tokenRead_IsAttributedToTheKey_InTheLogMetricsAndReaders() async throws {
        let harness = try await PlatformHarness.start(mode: .live)
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: PlatformHarness.officialAccount, sendPush: true)
        let reply = try await harness.api("GET", "/api/v1/authorizers/\(PlatformHarness.officialAccount)/access-token")
        #expect(reply.status == 200)
        let token = try #require(reply.json["access_token"] as? String)
        let line = try #require(harness.logs.lines.first { $0.contains("event=http_request") && $0.contains("/access-token") })
        #expect(line.contains("api_key=tests"))
        #expect(line.contains("authorizer_appid=\(PlatformHarness.officialAccount)"))
        #expect(!harness.logs.contains(token))
        let readers = harness.app.platform.tokenReads.readers(of: PlatformHarness.officialAccount, now: harness.clock.now())
        #expect(readers.map(\.key) == ["tests"])
        let metrics = try await harness.get(harness.platformURL + "/metrics", headers: ["Authorization": "Bearer " + harness.apiKey])
        #expect(metrics.text.contains(#"wxopen_api_token_reads_total{key="tests"} 1"#))
        await harness.stop()
    }
}
