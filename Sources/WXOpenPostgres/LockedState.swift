import Foundation
import WXOpenCore

/// What a mutation is planned against inside a PostgreSQL transaction: the one row it reads,
/// locked (`SELECT … FOR UPDATE`, or the key's advisory lock while there is no row), its secrets
/// opened. `StoreMutation.plan` then decides exactly as it does for the file store (the latest
/// received ticket wins, an entry is written only when its condition holds), so each rule about
/// what the store keeps is written once, whatever the backend.
struct LockedState: StoreReading {
    var ticket: StoredTicket?
    var authorizer: AuthorizerRecord?
    /// The locked authorizer's raw info, which a change that leaves it alone keeps.
    var rawInfo: String?
    var entry: StoredEntry?
    /// From the `entry_versions` sequence, for an entry write.
    var entryVersion: Int64 = 0

    // Each mutation reads only its own key, the one locked.
    func ticket(componentAppID: String) -> StoredTicket? { ticket }
    func authorizer(appID: String) -> AuthorizerRecord? { authorizer }
    func componentToken(componentAppID: String) -> StoredComponentToken? { nil }
    func entry(_ namespace: EntryNamespace, key: String) -> StoredEntry? { entry }

    var lastEntryVersion: Int64 { entryVersion - 1 }
    func nextEntryVersion(at now: Date) -> Int64 { entryVersion }

    var nextEventID: Int64 { preconditionFailure("PostgresStore: event ids come from the database, never from a plan") }
}

extension PostgresStore {
    /// Runs `mutation` in one transaction: `read` loads (and locks) the row it reads; with no
    /// row yet, the advisory lock `name` is taken and the row read again, so two instances
    /// creating the same key take turns. The plan's change, if any, is written before commit.
    /// `absent` gives the state to plan against when there is still no row (by default, none).
    /// A change that is announced (`StoreNotice`) notifies the other instances in the same
    /// transaction, and this store's `notices` once it has committed.
    func perform(
        _ mutation: StoreMutation, locking name: String, read: (PostgresSession) async throws -> LockedState?,
        absent: (PostgresSession) async throws -> LockedState = { _ in LockedState() }
    ) async throws -> StoreMutation.Outcome {
        let (outcome, notice) = try await withSession { session in
            try await session.transaction { session -> (StoreMutation.Outcome, StoreNotice?) in
                var state = try await read(session)
                if state == nil {
                    try await session.lockForTransaction(lockName(name))
                    state = try await read(session)
                }
                let planned = if let state { state } else { try await absent(session) }
                let (change, outcome) = try mutation.plan(against: planned)
                guard let change else { return (outcome, nil) }
                try await write(change, rowExists: state != nil, storedRawInfo: planned.rawInfo, session)
                let notice = StoreNotice(change)
                if let notice { try await announce(notice, session) }
                return (outcome, notice)
            }
        }
        if let notice { notices.publish(notice) }
        return outcome
    }

    /// Advisory locks are per database: the schema's channel name keeps two schemas (two
    /// deployments, or parallel tests) from contending for, or skipping, each other's keys.
    func lockName(_ name: String) -> String { channel + ":" + name }

    /// Writes a planned change (secrets sealed here) on the transaction's session.
    private func write(_ change: StoreChange, rowExists: Bool, storedRawInfo: String?, _ session: PostgresSession) async throws {
        switch try secrets.seal(change) {
        case .ticket(let stored):
            try await session.query(PostgresStore.upsertTicket, [stored.componentAppID, stored.ticket, stored.receivedAt, stored.createTime])
        case .authorizer(let stored):
            try await session.query(rowExists ? AuthorizerColumns.update : AuthorizerColumns.insert,
                                    try AuthorizerColumns.parameters(stored, storedRawInfo: storedRawInfo))
        case .entry(let stored) where stored.isTombstone:
            // A delete: the row goes; the sequence never gives its version again.
            try await session.query("DELETE FROM entries WHERE namespace = $1 AND key = $2", [stored.namespace.name, stored.key])
        case .entry(let stored):
            try await session.query(PostgresStore.upsertEntry, [
                stored.namespace.name, stored.key, stored.value, stored.namespace.isSecret, stored.expiresAt, stored.version, stored.writtenAt,
            ])
        case .componentToken, .componentTokenDelete, .event, .delivery, .deliveryDelete:
            preconditionFailure("PostgresStore: component tokens, events and the outbox are written by statements of their own")
        }
    }
}
