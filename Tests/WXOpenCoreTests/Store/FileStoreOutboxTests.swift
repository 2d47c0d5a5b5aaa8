import Foundation
import Testing
@testable import WXOpenCore

/// The file store's outbox across restarts and compactions, and sealed at rest.
@Suite struct FileStoreOutboxTests {
    let now = StoreFixtures.now

    @Test func outboxAndDedupeEntries_SurviveARestart_AndLeasesAreForgotten() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            _ = try await store.enqueueDelivery(OutboxContractTests.delivery("d1"), dedupe: DeliveryDedupe(key: "msg-1", expiresAt: now + 600),
                                                lease: DeliveryLease(owner: "dead-process", expiresAt: now + 60), now: now)
            _ = try await store.enqueueDelivery(OutboxContractTests.delivery("d2"), dedupe: nil, lease: nil, now: now)
            await store.close()

            let reopened = try await harness.open()
            #expect(try await reopened.enqueueDelivery(OutboxContractTests.delivery("d3"), dedupe: DeliveryDedupe(key: "msg-1", expiresAt: now + 600),
                                                       lease: nil, now: now + 1) == .duplicate(deliveryID: "d1"))
            // The dead process's lease is gone: the delivery is claimable at once, not in 60 s.
            let claimed = try await reopened.claimDeliveries(owner: "alive", limit: 10, now: now + 1, leaseUntil: now + 61)
            #expect(claimed.map(\.id) == ["d1"])
            #expect(claimed.first?.payload == OutboxContractTests.delivery("d1").payload)
            await reopened.close()
        }
    }

    @Test func outbox_SurvivesACompaction_InOrder() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            for index in 0..<5 { _ = try await store.enqueueDelivery(OutboxContractTests.delivery("d\(index)"), dedupe: nil, lease: nil, now: now) }
            _ = try await store.claimDeliveries(owner: "one", limit: 1, now: now, leaseUntil: now + 60)
            _ = try await store.failDelivery(id: "d0", owner: "one", error: "HTTP 502", nextAttemptAt: now + 2, now: now)
            try await store.compact()
            await store.close()

            let reopened = try await harness.open()
            let backlog = try await reopened.outboxBacklog(limit: 10)
            #expect(backlog.count == 1)
            #expect(backlog.first?.head.id == "d0")
            #expect(backlog.first?.head.lastError == "HTTP 502")
            #expect(backlog.first?.queued == 5)
            #expect(try await reopened.completeDelivery(id: "d0"))
            #expect(try await reopened.claimDeliveries(owner: "one", limit: 10, now: now + 3, leaseUntil: now + 60).map(\.id) == ["d1"])
            await reopened.close()
        }
    }

    /// Users' messages are personal data: with a store key they never reach the disk in the clear.
    @Test func payload_IsSealedAtRest_WithAStoreKey() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            _ = try await store.enqueueDelivery(OutboxContractTests.delivery("d1"), dedupe: nil, lease: nil, now: now)
            try await store.compact()
            _ = try await store.enqueueDelivery(OutboxContractTests.delivery("d2"), dedupe: nil, lease: nil, now: now)
            await store.close()
            let onDisk = try harness.text(harness.journalPath) + harness.text(harness.snapshotPath)
            #expect(onDisk.contains("\"id\":\"d1\""))
            #expect(onDisk.contains("\"id\":\"d2\""))
            #expect(!onDisk.contains("你好"))
            #expect(!onDisk.contains("\\u4f60"))
            #expect(!onDisk.contains("message\\\":{"))
        }
    }
}
