import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 11 (newcomer): the dashboard's failure count and `/metrics` count the same failures,
/// and `wxopen_token_refreshes_total` counts the component token too.
@Suite struct TokenRefreshCountingTests {
    static let account = PlatformHarness.officialAccount

    /// `name{labels} value` lines of one metric, as label text → value.
    func samples(_ name: String, in text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") {
            let parts = line.split(separator: " ")
            out[String(parts[0].dropFirst(name.count))] = Int(parts[1])
        }
        return out
    }

    func metrics(_ harness: ConsoleHarness) -> String { harness.platform.app.metrics.render(gauges: []) }

    @Test func dashboardFailureCount_AgreesWithMetrics_AfterKnownFailures() async throws {
        let harness = try await ConsoleHarness.start()
        try await harness.authorize([Self.account])
        let tokens = harness.platform.app.tokens, component = harness.platform.app.platform.componentTokens

        // Two refused by WeChat, one revoked account (61003), one component failure: four.
        harness.simulator.injectFault(.errcode(45009), endpoint: "api_authorizer_token", count: 2)
        for _ in 0..<2 { await #expect(throws: PlatformError.self) { _ = try await tokens.refresh(appID: Self.account) } }
        harness.simulator.injectFault(.errcode(40125), endpoint: "api_component_token", count: 1)
        await #expect(throws: PlatformError.self) { _ = try await component.forceRefresh() }
        harness.simulator.injectFault(.errcode(61003), endpoint: "api_authorizer_token", count: 1)
        await #expect(throws: PlatformError.self) { _ = try await tokens.refresh(appID: Self.account) }

        let failures = samples("wxopen_token_refresh_failures_total", in: metrics(harness))
        #expect(failures == [#"{kind="authorizer",errcode="45009"}"#: 2, #"{kind="authorizer",errcode="61003"}"#: 1,
                             #"{kind="component",errcode="40125"}"#: 1])
        let page = try await harness.signedInBrowser(language: "en").get("/admin")
        let stat = try #require(page.text.components(separatedBy: "id=\"refresh-failures\"").dropFirst().first?
            .components(separatedBy: "</div>").first)
        #expect(stat.contains("<span class=\"pill red\">\(failures.values.reduce(0, +))</span>"), "\(stat)")
        #expect(stat.contains("Token refresh failures, last 24 h"))
        #expect(stat.contains("wxopen_token_refresh_failures_total"))
        await harness.stop()
    }

    @Test func recoveredRefreshToken_IsNotAFailure_InEither() async throws {
        let harness = try await ConsoleHarness.start()
        try await harness.authorize([Self.account])
        // A refresh token WeChat refuses (61023): the current one is recovered from the authorizer
        // list and the retry works.
        try await harness.store.updateAuthorizer(appID: Self.account) { var record = $0!; record.refreshToken = "lost"; return record }
        _ = try await harness.platform.app.tokens.refresh(appID: Self.account)
        #expect(harness.simulator.counters()["api_get_authorizer_list"] == 1)
        #expect(samples("wxopen_token_refresh_failures_total", in: metrics(harness)).isEmpty)
        let page = try await harness.signedInBrowser(language: "en").get("/admin")
        #expect(page.text.contains("<span class=\"pill green\">0</span>"))
        await harness.stop()
    }

    @Test func componentTokenRefreshes_AreCounted_BesideAuthorizerOnes() async throws {
        let harness = try await ConsoleHarness.start()
        try await harness.authorize([Self.account])
        _ = try await harness.platform.app.platform.componentTokens.forceRefresh()
        _ = try await harness.platform.app.tokens.refresh(appID: Self.account)
        let refreshes = samples("wxopen_token_refreshes_total", in: metrics(harness))
        // The component token was fetched for the authorization, then forced; the account's token
        // came with the authorization (not a refresh), then was refreshed once.
        #expect(refreshes == [#"{kind="authorizer"}"#: 1, #"{kind="component"}"#: 2])
        await harness.stop()
    }
}
