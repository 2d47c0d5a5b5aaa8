import Foundation

/// The outbox's rules, decided in the stores' serialized write step (see `Store`'s outbox
/// methods for the contract a database implements alike).
extension StoreMutation {
    /// Nil for a mutation that is not the outbox's.
    func planOutbox(against state: some OutboxReading) throws -> (changes: [StoreChange], outcome: Outcome)? {
        switch self {
        case .enqueueDelivery(var delivery, let dedupe, let lease, let now):
            var entry: StoredEntry?
            if let dedupe {
                if let current = try state.entry(.messageDedupe, key: dedupe.key), current.isLive(at: now) {
                    return ([], .enqueued(.duplicate(deliveryID: current.value)))
                }
                entry = StoredEntry(namespace: .messageDedupe, key: dedupe.key, value: delivery.id, expiresAt: dedupe.expiresAt,
                                    version: state.nextEntryVersion(at: now), writtenAt: now)
            }
            delivery.sequence = StoreMutation.nextEntryVersion(after: state.lastDeliverySequence, now: now)
            // Leased at once only as the account's oldest: an attempt now must not overtake one waiting.
            if let lease, try !state.hasDeliveries(account: delivery.accountKey) {
                delivery.leaseOwner = lease.owner
                delivery.leaseExpiresAt = lease.expiresAt
            } else {
                delivery.leaseOwner = nil
                delivery.leaseExpiresAt = nil
            }
            return ([.delivery(delivery, dedupe: entry)], .enqueued(.enqueued(delivery)))
        case .claimDeliveries(let owner, let limit, let now, let leaseUntil):
            let claimed = try state.claimableDeliveries(now: now, limit: limit, excluding: []).map { delivery in
                var delivery = delivery
                delivery.leaseOwner = owner
                delivery.leaseExpiresAt = leaseUntil
                return delivery
            }
            return (claimed.map { .delivery($0, dedupe: nil) }, .deliveries(claimed))
        case .completeDelivery(let id):
            guard try state.delivery(id: id) != nil else { return ([], .deleted(false)) }
            return ([.deliveryDelete(id: id)], .deleted(true))
        case .failDelivery(let id, let owner, let error, let nextAttemptAt, let now):
            guard var delivery = try state.delivery(id: id), delivery.leaseOwner == owner else { return ([], .delivery(nil)) }
            delivery.attempts += 1
            delivery.lastError = error
            delivery.lastAttemptAt = now
            delivery.nextAttemptAt = nextAttemptAt
            delivery.leaseOwner = nil
            delivery.leaseExpiresAt = nil
            return ([.delivery(delivery, dedupe: nil)], .delivery(delivery))
        case .retryDeliveries(let id, let now):
            let candidates = try id.map { try state.delivery(id: $0).map { [$0] } ?? [] } ?? state.waitingDeliveries(now: now)
            let retried = candidates.filter { !$0.isLeased(at: now) && $0.nextAttemptAt > now }.map { delivery in
                var delivery = delivery
                delivery.nextAttemptAt = now
                return delivery
            }
            return (retried.map { .delivery($0, dedupe: nil) }, .count(retried.count))
        default:
            return nil
        }
    }
}

extension OutboxReading {
    /// The accounts' oldest deliveries that wait for a later attempt: what "retry all" moves.
    /// Only heads ever fail, so no other delivery waits.
    func waitingDeliveries(now: Date) throws -> [OutboxDelivery] {
        try claimableDeliveries(now: .distantFuture, limit: .max, excluding: []).filter { $0.nextAttemptAt > now }
    }
}
