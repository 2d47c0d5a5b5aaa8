import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore

/// The refresher runs on every instance; each due account is refreshed by one of them.
@Suite struct TokenRefresherAcrossInstancesTests {
    typealias Pair = InstancePair

    /// `count` accounts WeChat knows, stored with their refresh tokens and expired access tokens.
    static func seedExpiredAccounts(_ pair: Pair, count: Int) async throws -> [String] {
        let created = pair.simulator.bulkCreateAccounts(count: count, authorize: true)
        let prefix = String(created.firstAppID?.dropLast(8) ?? "wxsim")
        let appIDs = (1...count).map { prefix + String(format: "%08d", $0) }
        let now = pair.clock.now(), store = pair.a.platform.store
        for appID in appIDs {
            let refreshToken = pair.simulator.authorization(of: appID)?.refreshToken
            try await store.updateAuthorizer(appID: appID) { _ in
                var record = AuthorizerRecord(appID: appID, componentAppID: Pair.Demo.componentAppID, updatedAt: now)
                record.refreshToken = refreshToken
                record.accessToken = "expired-\(appID)"
                record.accessTokenExpiresAt = now - 1
                record.authorizedAt = now
                return record
            }
        }
        _ = await pair.simulator.pushTicket()
        pair.simulator.resetCounters()
        return appIDs
    }

    static let refreshAll: @Sendable (inout Configuration) -> Void = { $0.tokens.refreshPolicy = .all }

    @Test(arguments: Pair.Backend.available)
    func accountReadOnOneInstance_IsHotForTheOthersRefresher(backend: Pair.Backend) async throws {
        try await Pair.with(backend) { pair in
            let appIDs = try await Self.seedExpiredAccounts(pair, count: 3)
            // b's refresher passes first: it has the expired tokens listed but nobody read them.
            let before = await pair.b.refresher.runOnce()
            #expect(before.due == 0 && before.cold == 3)
            // Read on a (a refresh on first use), and stamped in the store by a's next pass.
            _ = try await pair.a.tokens.accessToken(appID: appIDs[0])
            #expect(pair.upstreamCalls("api_authorizer_token") == 1)
            _ = await pair.a.refresher.runOnce()
            let stamp = try await pair.a.platform.store.entry(HotAccounts.namespace, key: appIDs[0], now: pair.clock.now())
            #expect(stamp?.value == String(Int(pair.clock.now().timeIntervalSince1970)))
            // Near its margin, b refreshes it ahead of time though b never saw a read; the others stay cold.
            pair.clock.advance(by: 7200 - 899)
            let after = await pair.b.refresher.runOnce()
            #expect(after.refreshed == 1, "\(after)")
            #expect(pair.upstreamCalls("api_authorizer_token") == 2)
        }
    }

    @Test(arguments: Pair.Backend.available)
    func refresherOnTwoInstances_RefreshesEachAccountOnce(backend: Pair.Backend) async throws {
        // Policy `all`: every seeded account is due, read or not.
        try await Pair.with(backend, configure: Self.refreshAll) { pair in
            let appIDs = try await Self.seedExpiredAccounts(pair, count: 80)
            async let passA = pair.a.refresher.runOnce()
            async let passB = pair.b.refresher.runOnce()
            let (a, b) = await (passA, passB)
            // b may list after a refreshed some (or the other way round): those are not due for it.
            #expect(max(a.due, b.due) == 80)
            #expect(a.failed == 0 && b.failed == 0)
            #expect(pair.upstreamCalls("api_authorizer_token") == 80, "one upstream refresh per account: \(a) \(b)")
            let refreshes = try await pair.a.platform.store.recentEvents(EventQuery(kindPrefix: "token.refreshed", limit: 500))
            #expect(Dictionary(grouping: refreshes, by: { $0.appID ?? "" }).mapValues(\.count) == Dictionary(uniqueKeysWithValues: appIDs.map { ($0, 1) }))
            for appID in appIDs {
                #expect(try await pair.b.platform.store.authorizer(appID: appID)?.accessToken?.hasPrefix("expired-") == false)
            }
            // Nothing is due any more, on either.
            #expect(await pair.b.refresher.runOnce().due == 0)
        }
    }

    @Test(arguments: Pair.Backend.available)
    func deadInstancesClaims_AreTakenOver_OnceTheirLeaseExpires(backend: Pair.Backend) async throws {
        try await Pair.with(backend, configure: Self.refreshAll) { pair in
            let appIDs = try await Self.seedExpiredAccounts(pair, count: 12)
            // An instance that claimed these accounts and died before refreshing them.
            let store = pair.a.platform.store, now = pair.clock.now()
            let lease = pair.a.tokens.claims.lease
            let dead = try await store.claimEntries(RefreshClaims.namespace, keys: appIDs.map(TokenRefresher.claimKey), value: "dead/1/000000",
                                                    expiresAt: now + lease, now: now)
            #expect(dead.count == 12)
            let skipped = await pair.b.refresher.runOnce()
            #expect(skipped.claimedElsewhere == 12 && skipped.refreshed == 0)
            #expect(pair.upstreamCalls("api_authorizer_token") == 0)
            pair.clock.advance(by: lease + 1)
            let taken = await pair.b.refresher.runOnce()
            #expect(taken.refreshed == 12 && taken.claimedElsewhere == 0)
            #expect(pair.upstreamCalls("api_authorizer_token") == 12)
            // Each claim is marked done by b until its lease ends: a refresher passing by skips the account.
            for appID in appIDs {
                let claim = try await store.entry(RefreshClaims.namespace, key: TokenRefresher.claimKey(appID), now: pair.clock.now())
                #expect(claim?.value == RefreshClaims.donePrefix + pair.b.platform.instanceID)
            }
            #expect(await pair.a.refresher.runOnce().due == 0)
        }
    }
}
