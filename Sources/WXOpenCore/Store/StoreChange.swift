import Foundation

/// One change to the stored state: what a journal line records and what `StoreIndex.apply`
/// replays. A change is a whole record, never a delta, so replaying it twice is harmless.
enum StoreChange: Sendable, Equatable {
    case authorizer(AuthorizerRecord)
    case ticket(StoredTicket)
    case componentToken(StoredComponentToken)
    /// The compare-and-delete already decided to delete; the line needs no token.
    case componentTokenDelete(componentAppID: String)
    /// Carries the id the store assigned.
    case event(EventRecord)
    /// A key entered into the replay window (the insert-if-absent already decided it was absent).
    case replayKey(ReplayEntry)
    case replayKeyDelete(key: String)
}

/// One entry of the replay window (`Store.insertReplayKey`).
struct ReplayEntry: Sendable, Equatable {
    var key: String
    /// After this the entry counts as absent and is pruned.
    var expiresAt: Date
    /// The `now` of the insert: what pruning measures against, so that replaying the journal
    /// prunes exactly as the live store did, whatever the clock says at load.
    var recordedAt: Date
}
