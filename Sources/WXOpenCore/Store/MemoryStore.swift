import Foundation
import Synchronization

/// A `Store` that keeps everything in memory and forgets it on exit: for tests and demos.
/// Every call holds the lock only for in-memory work, so it never blocks on I/O.
public final class MemoryStore: Store {
    private let index: Mutex<StoreIndex>
    public let notices = StoreNotices()

    public init(eventCapacity: Int = 10_000) {
        index = Mutex(StoreIndex(eventCapacity: eventCapacity))
    }

    public func ticket(componentAppID: String) -> StoredTicket? {
        index.withLock { $0.ticket(componentAppID: componentAppID) }
    }

    @discardableResult
    public func saveTicket(_ ticket: StoredTicket) throws -> TicketSaveResult {
        guard case .ticket(let result) = try perform(.saveTicket(ticket)) else {
            preconditionFailure("MemoryStore: saveTicket planned another outcome")
        }
        return result
    }

    public func componentToken(componentAppID: String) -> StoredComponentToken? {
        index.withLock { $0.componentToken(componentAppID: componentAppID) }
    }

    public func saveComponentToken(_ token: StoredComponentToken) throws {
        _ = try perform(.saveComponentToken(token))
    }

    public func deleteComponentToken(componentAppID: String, ifToken token: String) throws {
        _ = try perform(.deleteComponentToken(componentAppID: componentAppID, ifToken: token))
    }

    public func authorizer(appID: String) -> AuthorizerRecord? {
        index.withLock { $0.authorizer(appID: appID) }
    }

    @discardableResult
    public func updateAuthorizer(
        appID: String, _ change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?
    ) throws -> AuthorizerRecord? {
        try withoutActuallyEscaping(change) { change in
            guard case .authorizer(let record) = try perform(.updateAuthorizer(appID: appID, change: change)) else {
                preconditionFailure("MemoryStore: updateAuthorizer planned another outcome")
            }
            return record
        }
    }

    public func listAuthorizers(_ query: AuthorizerQuery) throws -> AuthorizerPage {
        try index.withLock { index throws(StoreError) in try index.listAuthorizers(query) }
    }

    public func authorizerCounts() -> AuthorizerCounts {
        index.withLock { $0.authorizerCounts() }
    }

    @discardableResult
    public func appendEvent(_ event: EventRecord) throws -> EventRecord {
        guard case .event(let stored) = try perform(.appendEvent(event)) else {
            preconditionFailure("MemoryStore: appendEvent planned another outcome")
        }
        return stored
    }

    public func recentEvents(_ query: EventQuery) -> [EventRecord] {
        index.withLock { $0.recentEvents(query) }
    }

    public func entry(_ namespace: EntryNamespace, key: String, now: Date) -> StoredEntry? {
        index.withLock { $0.entry(namespace, key: key) }.flatMap { $0.isLive(at: now) ? $0 : nil }
    }

    @discardableResult
    public func writeEntry(_ namespace: EntryNamespace, key: String, value: String, expiresAt: Date, now: Date,
                           when condition: EntryCondition) throws -> EntryWrite {
        let mutation = StoreMutation.writeEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, now: now, when: condition)
        guard case .entry(let result) = try perform(mutation) else {
            preconditionFailure("MemoryStore: writeEntry planned another outcome")
        }
        return result
    }

    @discardableResult
    public func deleteEntry(_ namespace: EntryNamespace, key: String, ifVersion version: Int64?) throws -> Bool {
        guard case .deleted(let deleted) = try perform(.deleteEntry(namespace: namespace, key: key, ifVersion: version)) else {
            preconditionFailure("MemoryStore: deleteEntry planned another outcome")
        }
        return deleted
    }

    public func entries(_ namespace: EntryNamespace, keyPrefix: String, after: String?, limit: Int, now: Date) -> [StoredEntry] {
        let limit = min(max(1, limit), entryPageLimit)
        return index.withLock { $0.entries.entries(namespace.name, keyPrefix: keyPrefix, after: after, limit: limit, now: now) }
    }

    public func enqueueDelivery(_ delivery: OutboxDelivery, dedupe: DeliveryDedupe?, lease: DeliveryLease?, now: Date) throws
        -> DeliveryEnqueueResult {
        guard case .enqueued(let result) = try perform(.enqueueDelivery(delivery, dedupe: dedupe, lease: lease, now: now)) else {
            preconditionFailure("MemoryStore: enqueueDelivery planned another outcome")
        }
        return result
    }

    public func claimDeliveries(owner: String, limit: Int, now: Date, leaseUntil: Date) throws -> [OutboxDelivery] {
        guard case .deliveries(let claimed) = try perform(.claimDeliveries(owner: owner, limit: limit, now: now, leaseUntil: leaseUntil))
        else { preconditionFailure("MemoryStore: claimDeliveries planned another outcome") }
        return claimed
    }

    @discardableResult
    public func completeDelivery(id: String) throws -> Bool {
        guard case .deleted(let deleted) = try perform(.completeDelivery(id: id)) else {
            preconditionFailure("MemoryStore: completeDelivery planned another outcome")
        }
        return deleted
    }

    @discardableResult
    public func failDelivery(id: String, owner: String, error: String, nextAttemptAt: Date, now: Date) throws -> OutboxDelivery? {
        let mutation = StoreMutation.failDelivery(id: id, owner: owner, error: error, nextAttemptAt: nextAttemptAt, now: now)
        guard case .delivery(let delivery) = try perform(mutation) else {
            preconditionFailure("MemoryStore: failDelivery planned another outcome")
        }
        return delivery
    }

    @discardableResult
    public func retryDeliveries(id: String?, now: Date) throws -> Int {
        guard case .count(let count) = try perform(.retryDeliveries(id: id, now: now)) else {
            preconditionFailure("MemoryStore: retryDeliveries planned another outcome")
        }
        return count
    }

    public func outboxBacklog(limit: Int) -> [OutboxBacklog] {
        index.withLock { $0.outbox.backlog(limit: limit) }
    }

    public func outboxCounts(now: Date) -> OutboxCounts {
        index.withLock { $0.outbox.counts(now: now) }
    }
    /// Nothing to let go of.
    public func close() async {}

    private func perform(_ mutation: StoreMutation) throws -> StoreMutation.Outcome {
        let (changes, outcome) = try index.withLock { index in
            let (changes, outcome) = try mutation.planChanges(against: index)
            for change in changes { index.apply(change) }
            return (changes, outcome)
        }
        notices.publish(changes)
        return outcome
    }
}
