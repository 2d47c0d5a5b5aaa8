import Foundation

/// The outbox part of a group commit's overlay: deliveries planned earlier in the batch, on top
/// of the index. An account touched in the batch has its head worked out here (its first id in
/// the index, or enqueued in the batch, that the batch has not deleted); every other account's
/// head is the index's.
struct OutboxOverlay {
    /// Planned versions by id; nil: deleted in this batch.
    private var planned: [String: OutboxDelivery?] = [:]
    /// Ids enqueued in this batch, per account, in order.
    private var added: [String: [String]] = [:]
    /// Deletes of index deliveries in this batch, per account.
    private var deleted: [String: Int] = [:]
    /// Accounts with any planned change: their heads are worked out here.
    private var touched: Set<String> = []
    /// The index's highest sequence: a delivery above it was enqueued in this batch.
    private let baseSequence: Int64
    private(set) var lastSequence: Int64

    init(lastSequence: Int64) {
        baseSequence = lastSequence
        self.lastSequence = lastSequence
    }

    func delivery(id: String, base: some OutboxReading) throws -> OutboxDelivery? {
        if let planned = planned[id] { return planned }
        return try base.delivery(id: id)
    }

    func ids(account: String, prefix: Int, base: some OutboxReading) throws -> [String] {
        let fromIndex = try base.deliveryIDs(account: account, prefix: prefix + (deleted[account] ?? 0))
        let live = (fromIndex + (added[account] ?? [])).filter { id in
            if case .some(.none) = planned[id] { return false }
            return true
        }
        return Array(live.prefix(prefix))
    }

    func head(of account: String, base: some OutboxReading) throws -> OutboxDelivery? {
        guard let id = try ids(account: account, prefix: 1, base: base).first else { return nil }
        return try delivery(id: id, base: base)
    }

    func claimable(now: Date, limit: Int, excluding: Set<String>, base: some OutboxReading) throws -> [OutboxDelivery] {
        var ready = try base.claimableDeliveries(now: now, limit: limit, excluding: excluding.union(touched))
        for account in touched.subtracting(excluding) {
            guard let head = try head(of: account, base: base), head.nextAttemptAt <= now, !head.isLeased(at: now) else { continue }
            ready.append(head)
        }
        return Array(ready.sorted(by: OutboxDelivery.claimOrder).prefix(limit))
    }

    mutating func upsert(_ delivery: OutboxDelivery) {
        lastSequence = max(lastSequence, delivery.sequence)
        if planned[delivery.id] == nil, delivery.sequence > baseSequence { added[delivery.accountKey, default: []].append(delivery.id) }
        planned[delivery.id] = .some(delivery)
        touched.insert(delivery.accountKey)
    }

    mutating func remove(id: String, base: some OutboxReading) {
        guard let current = try? delivery(id: id, base: base) else { return }
        if current.sequence <= baseSequence { deleted[current.accountKey, default: 0] += 1 }
        planned[id] = .some(nil)
        touched.insert(current.accountKey)
    }
}
