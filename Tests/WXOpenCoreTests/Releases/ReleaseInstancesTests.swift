import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore
import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// Two instances on one PostgreSQL database working one rollout at the same time: each
/// account's step is claimed by one of them, so WeChat gets one commit, one submit and one
/// release per account.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct ReleaseInstancesTests {
    @Test func twoInstances_ClaimEachAccountsStep_Once() async throws {
        try await PostgresTestDatabase.withSchema { url in
            func open() async throws -> PostgresStore {
                try await PostgresStore.open(url: url, key: nil, logger: .discard, clock: ManualClock(StoreFixtures.now), sleeper: Sleepers.none)
            }
            let first = try await ReleaseHarness.start(store: try await open())
            let second = try await first.sibling(store: try await open())
            #expect(first.releases.owner != second.releases.owner)
            let appIDs = try await first.miniPrograms(16)
            let id = try await first.startRollout(ReleaseRolloutTests.body(template: first.simulator.createTemplate(userVersion: "2.1.0")))

            func both() async {
                for _ in 0 ..< 40 {
                    async let a = first.app.releaseRunner.runOnce()
                    async let b = second.app.releaseRunner.runOnce()
                    if await a + b == 0 { return }
                }
            }
            await both()
            for appID in appIDs { try await first.simulator.decideAudit(appID: appID, outcome: .approved) }
            await both()

            #expect(try await first.rollout(id).counts["released"] == 16)
            for appID in appIDs {
                let code = try #require(first.simulator.code(of: appID))
                #expect(code.commits == 1)
                #expect(code.audits.count == 1)
                #expect(code.releases == 1)
            }
            #expect(first.simulator.counters()["wxa_commit"] == 16)
            #expect(first.simulator.counters()["wxa_submit_audit"] == 16)
            #expect(first.simulator.counters()["wxa_release"] == 16)
            await second.app.shutdown()
            await first.stop()
        }
    }
}
