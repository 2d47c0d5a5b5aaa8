import WeChat

/// A write as a caller asked for it, before the store decides what it changes. Both stores plan
/// mutations one at a time against the latest state, which is what makes `updateAuthorizer` atomic.
package enum StoreMutation: Sendable {
    case saveTicket(StoredTicket)
    case saveComponentToken(StoredComponentToken)
    case deleteComponentToken(componentAppID: String, ifToken: String)
    case updateAuthorizer(appID: String, change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?)
    case appendEvent(EventRecord)

    /// What a write returns to its caller.
    enum Outcome: Sendable {
        case done
        case authorizer(AuthorizerRecord?)
        case event(EventRecord)
    }

    /// Decides the change (nil when nothing changes) and the caller's result. Runs the caller's
    /// `updateAuthorizer` closure, so its errors come out of here.
    func plan(against state: some StoreReading) throws -> (change: StoreChange?, outcome: Outcome) {
        switch self {
        case .saveTicket(let ticket):
            return (.ticket(ticket), .done)
        case .saveComponentToken(let token):
            return (.componentToken(token), .done)
        case .deleteComponentToken(let componentAppID, let token):
            guard let current = try state.componentToken(componentAppID: componentAppID),
                  Crypto.constantTimeEquals(current.token, token)
            else { return (nil, .done) }
            return (.componentTokenDelete(componentAppID: componentAppID), .done)
        case .updateAuthorizer(let appID, let change):
            let current = try state.authorizer(appID: appID)
            guard let updated = try StoreMutation.updatedAuthorizer(appID: appID, current: current, change: change) else {
                return (nil, .authorizer(current))
            }
            return (.authorizer(updated), .authorizer(updated))
        case .appendEvent(var event):
            event.id = state.nextEventID
            return (.event(event), .event(event))
        }
    }
}

extension StoreMutation {
    /// What `updateAuthorizer` writes: `change` applied to `current`, nil when it leaves the
    /// record as it is. Every store runs the caller's closure through this, so they refuse a
    /// change that returns another account's record alike.
    package static func updatedAuthorizer(
        appID: String, current: AuthorizerRecord?, change: (AuthorizerRecord?) throws -> AuthorizerRecord?
    ) throws -> AuthorizerRecord? {
        guard let updated = try change(current) else { return nil }
        guard updated.appID == appID else {
            throw StoreError.invalidRequest(
                "updateAuthorizer(appID: \(appID)) returned a record for \(updated.appID); a change must keep the appid")
        }
        return updated
    }
}

/// The state a mutation is planned against: the index itself, or the index plus the changes a
/// group commit has planned but not yet written.
protocol StoreReading {
    func authorizer(appID: String) throws -> AuthorizerRecord?
    func componentToken(componentAppID: String) throws -> StoredComponentToken?
    var nextEventID: Int64 { get }
}

extension StoreIndex: StoreReading {}
