import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore

/// Policy `hot`: accounts read lately are refreshed ahead of their margin, the rest on first use
/// and once per keep-alive period; the upstream concurrency adapts.
@Suite struct TokenRefresherPolicyTests {
    typealias Harness = PlatformHarness

    /// `count` accounts WeChat knows, stored (never read) with tokens expiring `expiresIn` from
    /// now and last refreshed `refreshedAgo` ago.
    static func seed(_ harness: Harness, count: Int, expiresIn: TimeInterval = 7200, refreshedAgo: TimeInterval = 0) async throws -> [String] {
        try await harness.pushTicket()
        let created = harness.simulator.bulkCreateAccounts(count: count, authorize: true)
        let prefix = String(created.firstAppID?.dropLast(8) ?? "wxsim")
        let appIDs = (1...count).map { prefix + String(format: "%08d", $0) }
        let now = harness.clock.now()
        for appID in appIDs {
            let refreshToken = harness.simulator.authorization(of: appID)?.refreshToken
            try await harness.store.updateAuthorizer(appID: appID) { _ in
                var record = AuthorizerRecord(appID: appID, componentAppID: SimulatorConfiguration.Demo.componentAppID, updatedAt: now)
                record.refreshToken = refreshToken
                record.accessToken = "seeded-\(appID)"
                record.accessTokenExpiresAt = now + expiresIn
                record.lastRefreshAt = now - refreshedAgo
                record.authorizedAt = now
                return record
            }
        }
        harness.simulator.resetCounters()
        return appIDs
    }

    func calls(_ harness: Harness) -> Int { harness.simulator.counters()["api_authorizer_token"] ?? 0 }

    @Test func coldAccount_IsNotRefreshedAhead_ButOnFirstRead() async throws {
        let harness = try await Harness.start()
        let appID = try await Self.seed(harness, count: 1, expiresIn: 600)[0]
        let pass = await harness.app.refresher.runOnce()
        #expect(pass.due == 0 && pass.cold == 1 && calls(harness) == 0)
        // The first read refreshes it (inside its margin), once; from then on it is hot.
        let read = try await harness.app.tokens.accessToken(appID: appID)
        #expect(calls(harness) == 1)
        #expect(read.accessTokenExpiresAt == harness.clock.now() + 7200)
        harness.clock.advance(by: 7200 - 899)
        let hot = await harness.app.refresher.runOnce()
        #expect(hot.refreshed == 1 && hot.cold == 0 && calls(harness) == 2)
        await harness.stop()
    }

    @Test func policyAll_RefreshesAccountsNobodyRead() async throws {
        let harness = try await Harness.start(configure: { $0.tokens.refreshPolicy = .all })
        _ = try await Self.seed(harness, count: 1, expiresIn: 600)
        let pass = await harness.app.refresher.runOnce()
        #expect(pass.refreshed == 1 && pass.cold == 0 && calls(harness) == 1)
        await harness.stop()
    }

    @Test func hotAccount_IsRefreshedAheadOfItsMargin() async throws {
        let harness = try await Harness.start()
        let appID = try await Self.seed(harness, count: 1)[0]
        let read = try await harness.app.tokens.accessToken(appID: appID)
        #expect(calls(harness) == 0)
        let expiresAt = try #require(read.accessTokenExpiresAt)
        let due = try #require(harness.app.refresher.dueDate(read))
        #expect(due < expiresAt - 900)
        harness.clock.set(due - 1)
        #expect(await harness.app.refresher.runOnce().due == 0)
        harness.clock.set(due)
        let pass = await harness.app.refresher.runOnce()
        #expect(pass.refreshed == 1 && calls(harness) == 1)
        // Refreshed with more than the margin left: a reader never waited for it.
        #expect(expiresAt.timeIntervalSince(harness.clock.now()) > 900)
        let after = try #require(try await harness.store.authorizer(appID: appID))
        #expect(after.accessToken != read.accessToken && after.accessTokenExpiresAt == harness.clock.now() + 7200)
        await harness.stop()
    }

    @Test func coldAccount_IsKeptAlive_AtThePeriod() async throws {
        let harness = try await Harness.start(configure: { $0.tokens.keepAliveSeconds = 259_200 })
        let appID = try await Self.seed(harness, count: 1)[0]
        let record = try #require(try await harness.store.authorizer(appID: appID))
        let keepAlive = harness.app.refresher.keepAliveDate(record)
        #expect(keepAlive <= harness.clock.now() + 259_200 && keepAlive > harness.clock.now() + 259_200 * 0.9)
        harness.clock.set(keepAlive - 1)
        let before = await harness.app.refresher.runOnce()
        #expect(before.due == 0 && calls(harness) == 0)
        harness.clock.set(keepAlive)
        let pass = await harness.app.refresher.runOnce()
        #expect(pass.keepAlive == 1 && pass.refreshed == 1 && calls(harness) == 1)
        let after = try #require(try await harness.store.authorizer(appID: appID))
        #expect(after.lastRefreshAt == harness.clock.now())
        #expect(after.refreshToken == harness.simulator.authorization(of: appID)?.refreshToken)
        // Not again until a period later.
        harness.clock.advance(by: 259_200 * 0.8)
        #expect(await harness.app.refresher.runOnce().due == 0)
        await harness.stop()
    }

    @Test func concurrency_IsRaised_WhenTheBacklogWouldReachItsMargin() async throws {
        let harness = try await Harness.start(configure: { $0.tokens.refreshConcurrency = 2; $0.tokens.maxConcurrency = 8 })
        let appIDs = try await Self.seed(harness, count: 64)
        for appID in appIDs { _ = try await harness.app.tokens.accessToken(appID: appID) }
        // Half of them due (by their jitter) 450 s before the margin: the start value does.
        harness.clock.advance(by: 7200 - 900 - 450)
        let early = await harness.app.refresher.runOnce()
        #expect(early.due > 0 && early.due < 64 && early.concurrency == 2)
        // At the margin the rest, ~0.25 s each, cannot wait for 2 at a time.
        harness.clock.advance(by: 450)
        let late = await harness.app.refresher.runOnce()
        #expect(late.refreshed == 64 - early.refreshed && late.concurrency == 8)
        #expect(await harness.app.tokens.concurrencyLimit() == 8)
        await harness.stop()
    }

    @Test func concurrency_IsLowered_WhenWeChatAnswersBusy() async throws {
        let harness = try await Harness.start()
        let appID = try await Self.seed(harness, count: 1, expiresIn: 600)[0]
        _ = try? await harness.app.tokens.accessToken(appID: appID)
        #expect(await harness.app.tokens.concurrencyLimit() == 4)
        harness.clock.advance(by: 7200)
        // Busy on every attempt of the refresh (the retry policy makes three).
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_authorizer_token", count: 3)
        let pass = await harness.app.refresher.runOnce()
        #expect(pass.failed == 1)
        #expect(await harness.app.tokens.concurrencyLimit() == 2)
        #expect(harness.app.tokens.pace.limit == 2)
        await harness.stop()
    }
}
