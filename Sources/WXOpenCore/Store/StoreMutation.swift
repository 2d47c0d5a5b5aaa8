import Foundation
import WeChat

/// A write as a caller asked for it, before the store decides what it changes. Both stores plan
/// mutations one at a time against the latest state, which is what makes `updateAuthorizer` atomic
/// and where every rule about what the store keeps is decided (the latest received ticket wins,
/// compare before delete, an entry written only when its condition holds): never read-then-write in a caller.
package enum StoreMutation: Sendable {
    case saveTicket(StoredTicket)
    case saveComponentToken(StoredComponentToken)
    case deleteComponentToken(componentAppID: String, ifToken: String)
    case updateAuthorizer(appID: String, change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?)
    case appendEvent(EventRecord)
    case writeEntry(namespace: EntryNamespace, key: String, value: String, expiresAt: Date, now: Date, when: EntryCondition)
    case deleteEntry(namespace: EntryNamespace, key: String, ifVersion: Int64?)
    case enqueueDelivery(OutboxDelivery, dedupe: DeliveryDedupe?, lease: DeliveryLease?, now: Date)
    case claimDeliveries(owner: String, limit: Int, now: Date, leaseUntil: Date)
    case completeDelivery(id: String)
    case failDelivery(id: String, owner: String, error: String, nextAttemptAt: Date, now: Date)
    case retryDeliveries(id: String?, now: Date)

    /// What a write returns to its caller.
    package enum Outcome: Sendable {
        case done
        case ticket(TicketSaveResult)
        case authorizer(AuthorizerRecord?)
        case event(EventRecord)
        case entry(EntryWrite)
        case deleted(Bool)
        case enqueued(DeliveryEnqueueResult)
        case deliveries([OutboxDelivery])
        case delivery(OutboxDelivery?)
        case count(Int)
    }

    /// Decides the change (nil when nothing changes) and the caller's result. Runs the caller's
    /// `updateAuthorizer` closure, so its errors come out of here. The outbox's mutations are
    /// planned by `planChanges` (the file and memory stores; a database runs them as SQL).
    package func plan(against state: some StoreReading) throws -> (change: StoreChange?, outcome: Outcome) {
        switch self {
        case .saveTicket(let ticket):
            // The most recently received ticket wins: `receivedAt` is our clock, `createTime`
            // WeChat's (or a forger's), so only the first orders pushes we can trust.
            let current = try state.ticket(componentAppID: ticket.componentAppID)
            if let current, current.receivedAt > ticket.receivedAt { return (nil, .ticket(.kept(current))) }
            return (.ticket(ticket), .ticket(.stored(replaced: current)))
        case .saveComponentToken(let token):
            return (.componentToken(token), .done)
        case .deleteComponentToken(let componentAppID, let token):
            guard let current = try state.componentToken(componentAppID: componentAppID),
                  Crypto.constantTimeEquals(current.token, token)
            else { return (nil, .done) }
            return (.componentTokenDelete(componentAppID: componentAppID), .done)
        case .updateAuthorizer(let appID, let change):
            let current = try state.authorizer(appID: appID)
            guard let updated = try change(current) else { return (nil, .authorizer(current)) }
            guard updated.appID == appID else {
                throw StoreError.invalidRequest(
                    "updateAuthorizer(appID: \(appID)) returned a record for \(updated.appID); a change must keep the appid")
            }
            // The caller gets the record as reads show it: without the raw info it may have set.
            var shown = updated
            shown.info?.rawJSON = nil
            return (.authorizer(updated), .authorizer(shown))
        case .appendEvent(var event):
            event.id = state.nextEventID
            return (.event(event), .event(event))
        case .writeEntry(let namespace, let key, let value, let expiresAt, let now, let condition):
            let current = try state.entry(namespace, key: key).flatMap { $0.isLive(at: now) ? $0 : nil }
            switch condition {
            case .absent where current != nil: return (nil, .entry(.refused(current: current)))
            case .version(let version) where current?.version != version: return (nil, .entry(.refused(current: current)))
            default: break
            }
            let entry = StoredEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt,
                                    version: state.nextEntryVersion(at: now), writtenAt: now)
            return (.entry(entry), .entry(.written(entry)))
        case .deleteEntry(let namespace, let key, let version):
            guard let current = try state.entry(namespace, key: key), version == nil || current.version == version else {
                return (nil, .deleted(false))
            }
            let at = current.writtenAt
            let tombstone = StoredEntry(namespace: namespace, key: key, value: "", expiresAt: at,
                                        version: state.nextEntryVersion(at: at), writtenAt: at)
            return (.entry(tombstone), .deleted(true))
        case .enqueueDelivery, .claimDeliveries, .completeDelivery, .failDelivery, .retryDeliveries:
            preconditionFailure("StoreMutation: outbox mutations are planned by planChanges")
        }
    }

    /// What the file and memory stores plan: a record mutation's one change, or an outbox
    /// mutation's (several for a claim of several deliveries, which need not be atomic).
    func planChanges(against state: some OutboxReading) throws -> (changes: [StoreChange], outcome: Outcome) {
        if let outbox = try planOutbox(against: state) { return outbox }
        let (change, outcome) = try plan(against: state)
        return (change.map { [$0] } ?? [], outcome)
    }
}

extension StoreMutation {
    /// Microseconds of the write, or one more than the last version: increasing across a restart,
    /// since every write (a delete too) leaves its version in the journal. Delivery sequences
    /// are given the same way.
    static func nextEntryVersion(after last: Int64, now: Date) -> Int64 {
        max(last + 1, Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }
}

/// The state a mutation is planned against: the index itself, or the index plus the changes a
/// group commit has planned but not yet written.
package protocol StoreReading {
    func ticket(componentAppID: String) throws -> StoredTicket?
    func authorizer(appID: String) throws -> AuthorizerRecord?
    func componentToken(componentAppID: String) throws -> StoredComponentToken?
    /// The entry for `key` as stored, live or not, with its value readable.
    func entry(_ namespace: EntryNamespace, key: String) throws -> StoredEntry?
    /// The highest entry version given so far.
    var lastEntryVersion: Int64 { get }
    /// The version an entry written (or deleted) at `now` gets.
    func nextEntryVersion(at now: Date) -> Int64
    var nextEventID: Int64 { get }
}

/// The outbox as the file and memory stores plan against it (`StoreMutation.planOutbox`).
protocol OutboxReading: StoreReading {
    /// A delivery by id, its payload readable.
    func delivery(id: String) throws -> OutboxDelivery?
    func hasDeliveries(account: String) throws -> Bool
    /// The first `prefix` ids of an account's queue, oldest first.
    func deliveryIDs(account: String, prefix: Int) throws -> [String]
    /// See `OutboxIndex.claimable`; payloads readable.
    func claimableDeliveries(now: Date, limit: Int, excluding: Set<String>) throws -> [OutboxDelivery]
    var lastDeliverySequence: Int64 { get }
}

extension StoreReading {
    /// The file and memory stores: `StoreMutation.nextEntryVersion` after `lastEntryVersion`.
    package func nextEntryVersion(at now: Date) -> Int64 {
        StoreMutation.nextEntryVersion(after: lastEntryVersion, now: now)
    }
}

extension StoreIndex: OutboxReading {
    func delivery(id: String) -> OutboxDelivery? { outbox.delivery(id: id) }
    func hasDeliveries(account: String) -> Bool { outbox.hasDeliveries(account: account) }
    func deliveryIDs(account: String, prefix: Int) -> [String] { outbox.ids(account: account, prefix: prefix) }
    func claimableDeliveries(now: Date, limit: Int, excluding: Set<String>) -> [OutboxDelivery] {
        outbox.claimable(now: now, limit: limit, excluding: excluding)
    }
    var lastDeliverySequence: Int64 { outbox.lastSequence }
}
