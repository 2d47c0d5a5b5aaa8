import Foundation
import Synchronization

/// What changed in a store, for caches in front of it (the token managers' in-memory tokens):
/// a cache keeps a value only until the store says its record changed.
///
/// Each store publishes its own writes once they are durable; a store shared by several instances
/// (PostgreSQL) also publishes the other instances' writes as they arrive (`LISTEN/NOTIFY`), and
/// `.everything` whenever it may have missed some.
public enum StoreNotice: Sendable, Hashable {
    case ticket(componentAppID: String)
    case componentToken(componentAppID: String)
    case authorizer(appID: String)
    /// An entry of an announced namespace (`EntryNamespace.isAnnounced`) was written or deleted.
    case entry(namespace: String, key: String)
    /// Notices may have been lost (the database connection that receives them was re-opened):
    /// whatever was cached may be stale.
    case everything

    /// The notice for a change a store made, if it announces one.
    package init?(_ change: StoreChange) {
        switch change {
        case .ticket(let ticket): self = .ticket(componentAppID: ticket.componentAppID)
        case .componentToken(let token): self = .componentToken(componentAppID: token.componentAppID)
        case .componentTokenDelete(let componentAppID): self = .componentToken(componentAppID: componentAppID)
        case .authorizer(let record): self = .authorizer(appID: record.appID)
        case .entry(let entry) where entry.namespace.isAnnounced: self = .entry(namespace: entry.namespace.name, key: entry.key)
        case .entry, .event, .delivery, .deliveryDelete: return nil
        }
    }
}

/// Who hears a store's notices. Observers run on the writer's thread, right after the write is
/// durable, so they must be quick and must not block (a cache dropping a key).
public final class StoreNotices: Sendable {
    public struct Subscription: Hashable, Sendable {
        let id: Int
    }

    private let observers = Mutex<(next: Int, byID: [Int: @Sendable (StoreNotice) -> Void])>((0, [:]))

    public init() {}

    @discardableResult
    public func subscribe(_ observer: @escaping @Sendable (StoreNotice) -> Void) -> Subscription {
        observers.withLock { observers in
            observers.next += 1
            observers.byID[observers.next] = observer
            return Subscription(id: observers.next)
        }
    }

    public func unsubscribe(_ subscription: Subscription) {
        _ = observers.withLock { $0.byID.removeValue(forKey: subscription.id) }
    }

    public func publish(_ notice: StoreNotice) {
        // Called outside the lock: an observer may subscribe or unsubscribe.
        for observer in observers.withLock({ Array($0.byID.values) }) { observer(notice) }
    }

    /// Publishes what `changes` announce (a group commit's batch, say).
    package func publish(_ changes: some Sequence<StoreChange>) {
        let notices = changes.compactMap(StoreNotice.init)
        guard !notices.isEmpty else { return }
        let current = observers.withLock { Array($0.byID.values) }
        for notice in notices { for observer in current { observer(notice) } }
    }
}
