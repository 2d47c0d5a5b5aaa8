import Foundation

/// The outbox: journaled and fsynced like every write (a `delivery` line carries the enqueue's
/// dedupe entry too), planned in the group commit by `StoreMutation.planOutbox`. Leases only
/// matter between live processes and one process holds the store, so loading forgets them.
extension FileStore {
    public func enqueueDelivery(_ delivery: OutboxDelivery, dedupe: DeliveryDedupe?, lease: DeliveryLease?, now: Date) async throws
        -> DeliveryEnqueueResult {
        guard case .enqueued(let result) = try await submit(.enqueueDelivery(delivery, dedupe: dedupe, lease: lease, now: now)) else {
            preconditionFailure("FileStore: enqueueDelivery planned another outcome")
        }
        return result
    }

    public func claimDeliveries(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxDelivery] {
        guard case .deliveries(let claimed) = try await submit(.claimDeliveries(owner: owner, limit: limit, now: now,
                                                                                 leaseUntil: leaseUntil))
        else { preconditionFailure("FileStore: claimDeliveries planned another outcome") }
        return claimed
    }

    @discardableResult
    public func completeDelivery(id: String) async throws -> Bool {
        guard case .deleted(let deleted) = try await submit(.completeDelivery(id: id)) else {
            preconditionFailure("FileStore: completeDelivery planned another outcome")
        }
        return deleted
    }

    @discardableResult
    public func failDelivery(id: String, owner: String, error: String, nextAttemptAt: Date, now: Date) async throws -> OutboxDelivery? {
        let mutation = StoreMutation.failDelivery(id: id, owner: owner, error: error, nextAttemptAt: nextAttemptAt, now: now)
        guard case .delivery(let delivery) = try await submit(mutation) else {
            preconditionFailure("FileStore: failDelivery planned another outcome")
        }
        return delivery
    }

    @discardableResult
    public func retryDeliveries(id: String?, now: Date) async throws -> Int {
        guard case .count(let count) = try await submit(.retryDeliveries(id: id, now: now)) else {
            preconditionFailure("FileStore: retryDeliveries planned another outcome")
        }
        return count
    }

    /// Payloads opened outside the lock.
    public func outboxBacklog(limit: Int) throws -> [OutboxBacklog] {
        try index.withLock { $0.outbox.backlog(limit: limit) }.map { backlog in
            OutboxBacklog(head: try secrets.open(backlog.head), queued: backlog.queued)
        }
    }

    public func outboxCounts(now: Date) -> OutboxCounts {
        index.withLock { $0.outbox.counts(now: now) }
    }
}
