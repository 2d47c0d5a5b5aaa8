import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// The background refresher: when an account is due, and how accounts spread over the margin.
@Suite struct TokenRefresherTests {
    var calls: (PlatformHarness) -> Int { { $0.simulator.counters()["api_authorizer_token"] ?? 0 } }

    @Test func refresher_RefreshesBeforeTheMargin_AndNotEarlier() async throws {
        // Policy `all`: the account is due though nobody read its token (policy `hot`: TokenRefresherPolicyTests).
        let (harness, record) = try await AuthorizerTokenTests.authorized(configure: { $0.tokens.refreshPolicy = .all })
        let expiresAt = try #require(record.accessTokenExpiresAt)
        harness.clock.set(expiresAt - 1801)
        #expect(await harness.app.refresher.runOnce().due == 0)
        #expect(calls(harness) == 0)
        harness.clock.set(expiresAt - 899)
        let summary = await harness.app.refresher.runOnce()
        #expect(summary.refreshed == 1)
        #expect(calls(harness) == 1)
        let after = try #require(try await harness.store.authorizer(appID: AuthorizerTokenTests.account))
        #expect(after.accessToken != record.accessToken)
        #expect(after.accessTokenExpiresAt == harness.clock.now() + 7200)
        await harness.stop()
    }

    @Test func jitter_SpreadsAccountsAcrossTheMargin() {
        let jitters = (0..<10_000).map { TokenRefresher.jitter(for: String(format: "wxsim%08d", $0), margin: 900) }
        #expect(jitters.allSatisfy { $0 >= 0 && $0 < 900 })
        // Within any one second of the 900-second window, only a small share refreshes.
        let perSecond = Dictionary(grouping: jitters, by: { Int($0) }).values.map(\.count).max() ?? 0
        #expect(perSecond < 40)
    }
}
