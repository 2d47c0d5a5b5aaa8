import Foundation

/// One change to the stored state: what a journal line records and what `StoreIndex.apply`
/// replays. A change is a whole record, never a delta, so replaying it twice is harmless.
package enum StoreChange: Sendable, Equatable {
    case authorizer(AuthorizerRecord)
    case ticket(StoredTicket)
    case componentToken(StoredComponentToken)
    /// The compare-and-delete already decided to delete; the line needs no token.
    case componentTokenDelete(componentAppID: String)
    /// Carries the id the store assigned.
    case event(EventRecord)
    /// An entry as written (the mutation already checked its condition and gave it its version).
    /// A delete is an entry that expired when it was written (`isTombstone`): it reads back as no
    /// entry, and its version, like every write's, is never given again.
    case entry(StoredEntry)
    /// A delivery as it now is (enqueued, claimed, failed, retried). On enqueue it carries the
    /// message's dedupe entry in the same line, so that the two are durable together or not at all.
    case delivery(OutboxDelivery, dedupe: StoredEntry?)
    /// Delivered: gone from the outbox.
    case deliveryDelete(id: String)
}
