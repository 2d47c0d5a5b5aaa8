import Foundation
import Synchronization
import Testing
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// One refresh per token across instances: the claim entry and its lease.
@Suite struct RefreshClaimsTests {
    let store = MemoryStore()
    let clock = ManualClock()

    func claims(_ owner: String, lease: TimeInterval = 30) -> RefreshClaims {
        RefreshClaims(store: store, clock: clock, lease: lease, owner: owner, logger: .discard)
    }

    final class Calls: Sendable {
        let count = Atomic<Int>(0)
        let stored = Mutex<String?>(nil)
    }

    @Test func theLoser_ReadsTheWinnersToken_InsteadOfRefreshing() async throws {
        let calls = Calls()
        let (a, b) = (claims("a"), claims("b"))
        let release = AsyncStream<Void>.makeStream()
        let winner = Task {
            try await a.run("authorizer:wx1", done: { calls.stored.withLock { $0 } }) {
                for await _ in release.stream { break }
                calls.count.add(1, ordering: .relaxed)
                calls.stored.withLock { $0 = "token-from-a" }
                return "token-from-a"
            }
        }
        // b finds a's claim and waits for it.
        while try await store.entry(RefreshClaims.namespace, key: "authorizer:wx1", now: clock.now()) == nil { await Task.yield() }
        let loser = Task {
            try await b.run("authorizer:wx1", done: { calls.stored.withLock { $0 } }) {
                calls.count.add(1, ordering: .relaxed)
                return "token-from-b"
            }
        }
        release.continuation.yield()
        #expect(try await winner.value == "token-from-a")
        #expect(try await loser.value == "token-from-a")
        #expect(calls.count.load(ordering: .relaxed) == 1)
        let claim = try await store.entry(RefreshClaims.namespace, key: "authorizer:wx1", now: clock.now())
        #expect(claim?.value == RefreshClaims.donePrefix + "a", "kept, marked done, until its lease ends")
    }

    @Test func aDoneClaim_IsTakenOverAtOnce_WhenAnotherRefreshIsNeeded() async throws {
        _ = try await claims("a").run("authorizer:wx1", done: { nil }) { "first" }
        let started = ContinuousClock.now
        // The lease is long: waiting for it would show.
        let second = try await claims("b", lease: 60).run("authorizer:wx1", done: { nil }) { "second" }
        #expect(second == "second")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try await store.entry(RefreshClaims.namespace, key: "authorizer:wx1", now: clock.now())?.value == RefreshClaims.donePrefix + "b")
    }

    @Test func aFailedRefresh_LetsItsClaimGo() async throws {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await claims("a").run("component:wxc", done: { nil as String? }) { throw Refused() }
        }
        #expect(try await store.entry(RefreshClaims.namespace, key: "component:wxc", now: clock.now()) == nil)
    }

    @Test func aDeadHoldersClaim_IsTakenOver_AfterItsLease() async throws {
        try await store.writeEntry(RefreshClaims.namespace, key: "component:wxc", value: "dead", expiresAt: clock.now() + 0.2,
                                   now: clock.now(), when: .absent)
        // The store's clock never moves here: the loser takes over after a lease of real time.
        let result = try await claims("a", lease: 0.2).run("component:wxc", done: { nil }) { "refreshed" }
        #expect(result == "refreshed")
    }
}
