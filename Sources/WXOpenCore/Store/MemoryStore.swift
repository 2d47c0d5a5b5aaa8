import Foundation
import Synchronization
import WXOpenSupport

/// A `Store` that keeps everything in memory and forgets it on exit: for tests and demos.
/// Every call holds the lock only for in-memory work, so it never blocks on I/O. The raw info
/// and the events, which the other stores keep on disk, sit beside the index here.
public final class MemoryStore: Store {
    private struct State {
        var index = StoreIndex()
        var rawInfo: [String: String] = [:]
        var events: MemoryEventLog
    }

    public let notices = StoreNotices()

    private let state: Mutex<State>
    private let clock: any WallClock

    /// - Parameter eventRetention: how long events are kept (`events.keepDays`), by `clock`.
    public init(eventRetention: TimeInterval = 90 * 86_400, clock: any WallClock = SystemClock()) {
        state = Mutex(State(events: MemoryEventLog(retention: eventRetention)))
        self.clock = clock
    }

    /// The sorted orders of the accounts built so far (for tests).
    var builtSorts: Set<AuthorizerSort> { state.withLock { $0.index.builtSorts } }

    public func ticket(componentAppID: String) -> StoredTicket? {
        state.withLock { $0.index.ticket(componentAppID: componentAppID) }
    }

    @discardableResult
    public func saveTicket(_ ticket: StoredTicket) throws -> TicketSaveResult {
        guard case .ticket(let result) = try perform(.saveTicket(ticket)) else {
            preconditionFailure("MemoryStore: saveTicket planned another outcome")
        }
        return result
    }

    public func componentToken(componentAppID: String) -> StoredComponentToken? {
        state.withLock { $0.index.componentToken(componentAppID: componentAppID) }
    }

    public func saveComponentToken(_ token: StoredComponentToken) throws {
        _ = try perform(.saveComponentToken(token))
    }

    public func deleteComponentToken(componentAppID: String, ifToken token: String) throws {
        _ = try perform(.deleteComponentToken(componentAppID: componentAppID, ifToken: token))
    }

    public func authorizer(appID: String) -> AuthorizerRecord? {
        state.withLock { $0.index.authorizer(appID: appID) }
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
        try state.withLock { state throws(StoreError) in try state.index.listAuthorizers(query) }
    }

    public func rawInfo(appID: String) -> String? {
        state.withLock { $0.rawInfo[appID] }
    }

    public func authorizerCounts() -> AuthorizerCounts {
        state.withLock { $0.index.authorizerCounts() }
    }

    @discardableResult
    public func appendEvent(_ event: EventRecord) throws -> EventRecord {
        guard case .event(let stored) = try perform(.appendEvent(event)) else {
            preconditionFailure("MemoryStore: appendEvent planned another outcome")
        }
        return stored
    }

    public func events(_ query: EventQuery) throws -> EventPage {
        let now = clock.now()
        return try state.withLock { state throws(StoreError) in try state.events.page(query, now: now) }
    }

    public func eventCounts(since: Date) -> [EventHourCount] {
        state.withLock { $0.events.counts.counts(since: since) }
    }

    public func entry(_ namespace: EntryNamespace, key: String, now: Date) -> StoredEntry? {
        state.withLock { $0.index.entry(namespace, key: key) }.flatMap { $0.isLive(at: now) ? $0 : nil }
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
        return state.withLock { $0.index.entries.entries(namespace.name, keyPrefix: keyPrefix, after: after, limit: limit, now: now) }
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
        state.withLock { $0.index.outbox.backlog(limit: limit) }
    }

    public func outboxCounts(now: Date) -> OutboxCounts {
        state.withLock { $0.index.outbox.counts(now: now) }
    }
    /// Nothing to let go of.
    public func close() async {}

    private func perform(_ mutation: StoreMutation) throws -> StoreMutation.Outcome {
        let now = clock.now()
        let (changes, outcome) = try state.withLock { state in
            let (changes, outcome) = try mutation.planChanges(against: state.index)
            for change in changes {
                switch change {
                case .authorizer(var record):
                    // As on disk: the raw info beside the record, kept while `info` is.
                    if let raw = record.info?.rawJSON { state.rawInfo[record.appID] = raw }
                    if record.info == nil { state.rawInfo[record.appID] = nil }
                    record.info?.rawJSON = nil
                    state.index.apply(.authorizer(record))
                case .event(let event):
                    state.events.append(event, now: now)
                    state.index.apply(change)
                default:
                    state.index.apply(change)
                }
            }
            return (changes, outcome)
        }
        notices.publish(changes)
        return outcome
    }
}
