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
}
