import Foundation

/// The outbox as both stores hold it in memory: deliveries by id, and each account's ids in
/// sequence order, so that the heads (what may be claimed) are found without a sort of the
/// whole backlog. Payloads are in stored form (sealed under a key).
struct OutboxIndex: Sendable {
    private(set) var deliveries: [String: OutboxDelivery] = [:]
    private var queues: [String: DeliveryQueue] = [:]
    /// The highest sequence given so far (kept across deletes, so a sequence is not reused).
    private(set) var lastSequence: Int64 = 0
    /// Ids with a lease set, live or lapsed: the lease counts are taken over these alone.
    private var leased: Set<String> = []
    /// How many stored deliveries have failed at least once.
    private var attempted = 0

    var count: Int { deliveries.count }

    func delivery(id: String) -> OutboxDelivery? { deliveries[id] }

    func hasDeliveries(account: String) -> Bool { queues[account] != nil }

    /// The first `prefix` ids of the account's queue, oldest first.
    func ids(account: String, prefix: Int) -> [String] {
        guard let queue = queues[account] else { return [] }
        return Array(queue.ids.prefix(prefix))
    }

    mutating func upsert(_ delivery: OutboxDelivery) {
        lastSequence = max(lastSequence, delivery.sequence)
        if let old = deliveries.updateValue(delivery, forKey: delivery.id) {
            if old.attempts > 0 { attempted -= 1 }
        } else {
            let sequences = deliveries
            queues[delivery.accountKey, default: DeliveryQueue()].insert(delivery.id, sequence: delivery.sequence) {
                sequences[$0]?.sequence ?? .min
            }
        }
        if delivery.attempts > 0 { attempted += 1 }
        if delivery.leaseOwner != nil { leased.insert(delivery.id) } else { leased.remove(delivery.id) }
    }

    mutating func remove(id: String) {
        guard let old = deliveries.removeValue(forKey: id) else { return }
        if old.attempts > 0 { attempted -= 1 }
        leased.remove(id)
        queues[old.accountKey]?.remove(id)
        if queues[old.accountKey]?.isEmpty == true { queues[old.accountKey] = nil }
    }

    /// Forgets every lease: for a store only one process can hold (the file store), whose leases
    /// at load all belonged to a process that is gone.
    mutating func releaseLeases() {
        for id in leased {
            deliveries[id]?.leaseOwner = nil
            deliveries[id]?.leaseExpiresAt = nil
        }
        leased = []
    }

    private var heads: some Sequence<(head: OutboxDelivery, queued: Int)> {
        queues.lazy.compactMap { _, queue in queue.first.flatMap { deliveries[$0] }.map { ($0, queue.count) } }
    }

    /// The accounts' oldest deliveries that are due and not leased, earliest `nextAttemptAt`
    /// first (then sequence), skipping `excluded` accounts.
    func claimable(now: Date, limit: Int, excluding excluded: Set<String>) -> [OutboxDelivery] {
        guard limit > 0 else { return [] }
        var ready: [OutboxDelivery] = []
        for (account, queue) in queues where !excluded.contains(account) {
            guard let id = queue.first, let head = deliveries[id], head.nextAttemptAt <= now, !head.isLeased(at: now) else { continue }
            ready.append(head)
        }
        return Array(ready.sorted(by: OutboxDelivery.claimOrder).prefix(limit))
    }

    func backlog(limit: Int) -> [OutboxBacklog] {
        Array(heads.sorted { $0.head.sequence < $1.head.sequence }.prefix(max(0, limit)).map { OutboxBacklog(head: $0.head, queued: $0.queued) })
    }

    func counts(now: Date) -> OutboxCounts {
        var counts = OutboxCounts()
        var leasedAttempted = 0
        for id in leased {
            guard let delivery = deliveries[id], delivery.isLeased(at: now) else { continue }
            counts.delivering += 1
            if delivery.attempts > 0 { leasedAttempted += 1 }
        }
        counts.retrying = attempted - leasedAttempted
        counts.pending = deliveries.count - counts.delivering - counts.retrying
        for (head, _) in heads {
            counts.oldestCreatedAt = min(counts.oldestCreatedAt ?? head.createdAt, head.createdAt)
            if !head.isLeased(at: now) { counts.nextAttemptAt = min(counts.nextAttemptAt ?? head.nextAttemptAt, head.nextAttemptAt) }
        }
        return counts
    }

    /// Every delivery in sequence order (what a snapshot writes, so that loading appends).
    var inSequenceOrder: [OutboxDelivery] { deliveries.values.sorted { $0.sequence < $1.sequence } }
}

/// One account's delivery ids in sequence order. Deliveries leave from the front: a start offset
/// makes that O(1), and the array is compacted once half of it is spent.
struct DeliveryQueue: Sendable {
    private var storage: [String] = []
    private var start = 0

    var isEmpty: Bool { start == storage.count }
    var count: Int { storage.count - start }
    var first: String? { isEmpty ? nil : storage[start] }
    var ids: ArraySlice<String> { storage[start...] }

    /// Appends when `sequence` is the highest (the usual case: sequences increase), else inserts in order.
    mutating func insert(_ id: String, sequence: Int64, sequenceOf: (String) -> Int64) {
        if let last = storage.last, start < storage.count, sequenceOf(last) > sequence {
            let position = storage[start...].firstIndex { sequenceOf($0) > sequence } ?? storage.count
            storage.insert(id, at: position)
        } else {
            storage.append(id)
        }
    }

    mutating func remove(_ id: String) {
        if first == id {
            start += 1
        } else if let position = storage[start...].firstIndex(of: id) {
            storage.remove(at: position)
        }
        if start > 32, start * 2 > storage.count {
            storage.removeFirst(start)
            start = 0
        }
    }
}
