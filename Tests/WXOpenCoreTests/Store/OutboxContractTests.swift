import Foundation
import Testing
@testable import WXOpenCore

/// The outbox every `Store` keeps (`OutboxDelivery`), checked against each implementation.
@Suite struct OutboxContractTests {
    typealias Kind = StoreContractTests.Kind
    let contract = StoreContractTests()
    let now = StoreFixtures.now

    static func delivery(_ id: String, account: String = "wxaccount0001", at time: Date = StoreFixtures.now) -> OutboxDelivery {
        OutboxDelivery(id: id, accountKey: account, type: "message", payload: #"{"id":"\#(id)","message":{"Content":"你好"}}"#,
                       createdAt: time)
    }

    func enqueue(_ store: any Store, _ id: String, account: String = "wxaccount0001", dedupe: String? = nil,
                 lease: DeliveryLease? = nil) async throws -> DeliveryEnqueueResult {
        try await store.enqueueDelivery(Self.delivery(id, account: account), dedupe: dedupe.map { DeliveryDedupe(key: $0, expiresAt: now + 600) },
                                        lease: lease, now: now)
    }

    func claim(_ store: any Store, owner: String = "one", limit: Int = 10, at time: Date? = nil) async throws -> [String] {
        let time = time ?? now
        return try await store.claimDeliveries(owner: owner, limit: limit, now: time, leaseUntil: time + 60).map(\.id)
    }

    @Test(arguments: Kind.available)
    func enqueue_StoresTheDelivery_WithIncreasingSequences(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            guard case .enqueued(let first) = try await enqueue(store, "d1"), case .enqueued(let second) = try await enqueue(store, "d2")
            else { Issue.record("not enqueued"); return }
            #expect(second.sequence > first.sequence)
            #expect(first.payload == Self.delivery("d1").payload)
            #expect(first.leaseOwner == nil)
            #expect(try await store.outboxCounts(now: now) == OutboxCounts(pending: 2, oldestCreatedAt: now, nextAttemptAt: now))
        }
    }

    @Test(arguments: Kind.available)
    func enqueue_WithADedupeKey_StoresOnce_AndTheRepeatNamesTheFirst(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            guard case .enqueued = try await enqueue(store, "d1", dedupe: "msg-1") else { Issue.record("not enqueued"); return }
            #expect(try await enqueue(store, "d2", dedupe: "msg-1") == .duplicate(deliveryID: "d1"))
            #expect(try await store.entry(.messageDedupe, key: "msg-1", now: now)?.value == "d1")
            #expect(try await store.outboxCounts(now: now).total == 1)
            // Once the entry expired, the same key is a new message.
            let later = try await store.enqueueDelivery(Self.delivery("d3"), dedupe: DeliveryDedupe(key: "msg-1", expiresAt: now + 1200),
                                                        lease: nil, now: now + 601)
            guard case .enqueued = later else { Issue.record("expected a new delivery after expiry, got \(later)"); return }
        }
    }

    @Test(arguments: Kind.available)
    func claim_TakesOnlyEachAccountsOldest_AndTheNextOnceItIsDelivered(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            for (id, account) in [("a1", "wxa"), ("a2", "wxa"), ("b1", "wxb"), ("a3", "wxa")] { _ = try await enqueue(store, id, account: account) }
            #expect(Set(try await claim(store)) == ["a1", "b1"])
            #expect(try await claim(store, owner: "two").isEmpty)
            #expect(try await store.completeDelivery(id: "a1"))
            #expect(try await !store.completeDelivery(id: "a1"))
            #expect(try await claim(store) == ["a2"])
            #expect(try await store.completeDelivery(id: "a2"))
            #expect(try await claim(store) == ["a3"])
            #expect(try await store.outboxCounts(now: now) == OutboxCounts(delivering: 2, oldestCreatedAt: now, nextAttemptAt: nil))
        }
    }

    @Test(arguments: Kind.available)
    func claim_LeavesALeasedDelivery_UntilItsLeaseLapses(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            _ = try await enqueue(store, "d1")
            #expect(try await claim(store, owner: "one") == ["d1"])
            #expect(try await claim(store, owner: "two", at: now + 59).isEmpty)
            let retaken = try await store.claimDeliveries(owner: "two", limit: 10, now: now + 60, leaseUntil: now + 120)
            #expect(retaken.map(\.leaseOwner) == ["two"])
            // The first owner's late failure does not clobber the second owner's claim.
            #expect(try await store.failDelivery(id: "d1", owner: "one", error: "late", nextAttemptAt: now + 300, now: now + 61) == nil)
            #expect(try await store.outboxCounts(now: now + 61).delivering == 1)
        }
    }

    @Test(arguments: Kind.available)
    func fail_RecordsTheAttempt_AndTheDeliveryWaitsUntilItsNextAttempt(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            _ = try await enqueue(store, "d1")
            _ = try await claim(store)
            let failed = try #require(try await store.failDelivery(id: "d1", owner: "one", error: "HTTP 503", nextAttemptAt: now + 2,
                                                                    now: now + 1))
            #expect(failed.attempts == 1)
            #expect(failed.lastError == "HTTP 503")
            #expect(failed.lastAttemptAt == now + 1)
            #expect(failed.leaseOwner == nil)
            #expect(try await store.outboxCounts(now: now + 1) == OutboxCounts(retrying: 1, oldestCreatedAt: now, nextAttemptAt: now + 2))
            #expect(try await claim(store, at: now + 1.5).isEmpty)
            #expect(try await claim(store, at: now + 2) == ["d1"])
            let backlog = try await store.outboxBacklog(limit: 10)
            #expect(backlog.map(\.head.attempts) == [1])
        }
    }

    @Test(arguments: Kind.available)
    func retry_MakesAWaitingDeliveryDueNow_KeepingItsAttempts(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            for (id, account) in [("a1", "wxa"), ("b1", "wxb")] {
                _ = try await enqueue(store, id, account: account)
            }
            _ = try await claim(store)
            for id in ["a1", "b1"] {
                _ = try await store.failDelivery(id: id, owner: "one", error: "refused", nextAttemptAt: now + 600, now: now)
            }
            #expect(try await store.retryDeliveries(id: "a1", now: now + 1) == 1)
            #expect(try await claim(store, at: now + 1) == ["a1"])
            #expect(try await store.retryDeliveries(id: nil, now: now + 2) == 1)
            let retried = try await store.claimDeliveries(owner: "one", limit: 10, now: now + 2, leaseUntil: now + 60)
            #expect(retried.map(\.id) == ["b1"])
            #expect(retried.first?.attempts == 1)
            #expect(retried.first?.lastError == "refused")
        }
    }

    @Test(arguments: Kind.available)
    func enqueueWithALease_LeasesOnlyTheAccountsOldest(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let lease = DeliveryLease(owner: "one", expiresAt: now + 60)
            guard case .enqueued(let first) = try await enqueue(store, "d1", lease: lease),
                  case .enqueued(let second) = try await enqueue(store, "d2", lease: lease)
            else { Issue.record("not enqueued"); return }
            #expect(first.leaseOwner == "one")
            #expect(second.leaseOwner == nil)
            #expect(try await claim(store, owner: "two").isEmpty)
            #expect(try await store.outboxCounts(now: now).delivering == 1)
        }
    }

    @Test(arguments: Kind.available)
    func backlog_ListsEachAccountsOldest_WithHowManyItHasQueued(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            for (id, account) in [("b1", "wxb"), ("a1", "wxa"), ("b2", "wxb"), ("b3", "wxb")] { _ = try await enqueue(store, id, account: account) }
            let backlog = try await store.outboxBacklog(limit: 10)
            #expect(backlog.map(\.head.id) == ["b1", "a1"])
            #expect(backlog.map(\.queued) == [3, 1])
            #expect(backlog.first?.head.payload == Self.delivery("b1").payload)
            #expect(try await store.outboxBacklog(limit: 1).map(\.head.id) == ["b1"])
        }
    }

    /// Group commit plans concurrent writes in one batch: an enqueue and a claim of the same
    /// account in one batch must still see each other.
    @Test(arguments: Kind.available)
    func concurrentEnqueuesAndClaims_NeverLeaseTwoDeliveriesOfOneAccount(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let now = now
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for index in 0..<40 {
                    group.addTask {
                        if index % 2 == 0 {
                            _ = try await store.enqueueDelivery(Self.delivery("d\(index)", account: index % 4 == 0 ? "wxa" : "wxb"),
                                                                dedupe: nil, lease: nil, now: now)
                            return []
                        }
                        return try await store.claimDeliveries(owner: "owner\(index)", limit: 5, now: now, leaseUntil: now + 60).map(\.id)
                    }
                }
                return try await group.reduce([], +)
            }
            #expect(claimed.count == Set(claimed).count, "claimed twice: \(claimed)")
            let counts = try await store.outboxCounts(now: now)
            #expect(counts.delivering == claimed.count)
            #expect(counts.delivering <= 2, "at most one per account: \(claimed)")
            #expect(counts.total == 20)
            // And only each account's oldest: a later one leased would overtake it.
            let heads = Set(try await store.outboxBacklog(limit: 10).map(\.head.id))
            #expect(Set(claimed).isSubset(of: heads), "claimed \(claimed), oldest of each account \(heads)")
        }
    }
}
