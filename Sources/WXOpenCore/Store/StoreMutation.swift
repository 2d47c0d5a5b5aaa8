import Foundation
import WeChat

/// A write as a caller asked for it, before the store decides what it changes. Both stores plan
/// mutations one at a time against the latest state, which is what makes `updateAuthorizer` atomic
/// and where every rule about what the store keeps is decided (the latest received ticket wins,
/// compare before delete, insert a replay key only if absent): never read-then-write in a caller.
enum StoreMutation: Sendable {
    case saveTicket(StoredTicket)
    case saveComponentToken(StoredComponentToken)
    case deleteComponentToken(componentAppID: String, ifToken: String)
    case updateAuthorizer(appID: String, change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?)
    case appendEvent(EventRecord)
    case insertReplayKey(key: String, expiresAt: Date, now: Date)
    case removeReplayKey(key: String)

    /// What a write returns to its caller.
    enum Outcome: Sendable {
        case done
        case ticket(TicketSaveResult)
        case authorizer(AuthorizerRecord?)
        case event(EventRecord)
        case replayKey(inserted: Bool)
    }

    /// Decides the change (nil when nothing changes) and the caller's result. Runs the caller's
    /// `updateAuthorizer` closure, so its errors come out of here.
    func plan(against state: some StoreReading) throws -> (change: StoreChange?, outcome: Outcome) {
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
            return (.authorizer(updated), .authorizer(updated))
        case .appendEvent(var event):
            event.id = state.nextEventID
            return (.event(event), .event(event))
        case .insertReplayKey(let key, let expiresAt, let now):
            if let held = state.replayKeyExpiry(key), held > now { return (nil, .replayKey(inserted: false)) }
            return (.replayKey(ReplayEntry(key: key, expiresAt: expiresAt, recordedAt: now)), .replayKey(inserted: true))
        case .removeReplayKey(let key):
            guard state.replayKeyExpiry(key) != nil else { return (nil, .done) }
            return (.replayKeyDelete(key: key), .done)
        }
    }
}

/// The state a mutation is planned against: the index itself, or the index plus the changes a
/// group commit has planned but not yet written.
protocol StoreReading {
    func ticket(componentAppID: String) throws -> StoredTicket?
    func authorizer(appID: String) throws -> AuthorizerRecord?
    func componentToken(componentAppID: String) throws -> StoredComponentToken?
    /// When the replay window's entry for `key` expires (nil when there is none).
    func replayKeyExpiry(_ key: String) -> Date?
    var nextEventID: Int64 { get }
}

extension StoreIndex: StoreReading {}
