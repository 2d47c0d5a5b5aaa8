import Foundation
import WXOpenCore

/// Short-lived entries (`StoredEntry`): one row per namespace and key. The condition (absent,
/// version) is checked by `StoreMutation.plan` on the locked row; versions come from the
/// `entry_versions` sequence, and a delete removes the row. Expired rows are pruned an hour after
/// they expire, once every `Configuration.entryPruneInterval` writes of this instance: the hour keeps a
/// clock running behind on another instance from finding a pruned entry absent early.
extension PostgresStore {
    static let entryPruneGrace: TimeInterval = 3600

    public func entry(_ namespace: EntryNamespace, key: String, now: Date) async throws -> StoredEntry? {
        try await withSession { try await readEntry(namespace, key: key, session: $0, lock: false) }.flatMap {
            $0.isLive(at: now) ? $0 : nil
        }
    }

    @discardableResult
    public func writeEntry(_ namespace: EntryNamespace, key: String, value: String, expiresAt: Date, now: Date,
                           when condition: EntryCondition) async throws -> EntryWrite {
        let write: EntryWrite
        if condition == .absent, !namespace.isAnnounced {
            write = try await insertIfAbsent(namespace, key: key, value: value, expiresAt: expiresAt, now: now)
        } else {
            let mutation = StoreMutation.writeEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, now: now, when: condition)
            guard case .entry(let written) = try await performEntry(mutation, namespace, key) else {
                preconditionFailure("PostgresStore: writeEntry planned another outcome")
            }
            write = written
        }
        try await noteEntryWrite(now: now)
        return write
    }

    /// Counts an entry written by this instance, and prunes expired ones every
    /// `entryPruneInterval` writes.
    func noteEntryWrite(now: Date) async throws {
        if entryWrites.add(1, ordering: .relaxed).newValue % configuration.entryPruneInterval == 0 {
            try await query("DELETE FROM entries WHERE expires_at < $1", [now.addingTimeInterval(-PostgresStore.entryPruneGrace)])
        }
    }

    @discardableResult
    public func deleteEntry(_ namespace: EntryNamespace, key: String, ifVersion version: Int64?) async throws -> Bool {
        guard case .deleted(let deleted) = try await performEntry(.deleteEntry(namespace: namespace, key: key, ifVersion: version),
                                                                  namespace, key) else {
            preconditionFailure("PostgresStore: deleteEntry planned another outcome")
        }
        return deleted
    }

    /// One statement over the primary key's range: `key >= prefix` starts the scan at the
    /// prefix, `starts_with` ends it, and the keys' `COLLATE "C"` orders them by their bytes.
    public func entries(_ namespace: EntryNamespace, keyPrefix: String, after: String?, limit: Int, now: Date) async throws
        -> [StoredEntry] {
        let rows = try await query(Self.listEntries, [namespace.name, keyPrefix, after, now, min(max(1, limit), entryPageLimit)])
        return try rows.map { row in try openedEntry(row, namespace) }
    }

    static let listEntries = """
        SELECT key, value, expires_at, version, written_at FROM entries
        WHERE namespace = $1 AND key >= $2 AND starts_with(key, $2) AND ($3::text IS NULL OR key > $3) AND expires_at > $4
        ORDER BY key LIMIT $5
        """

    /// Insert-if-absent (the replay window's insert, a claim) in one statement, one round trip:
    /// an expired row is taken over, a live one is left alone, decided on the row's lock (or the
    /// unique index, for two inserting at once) as `claimEntries` decides it. Refused, the live
    /// entry is read after, for the caller's information.
    private func insertIfAbsent(_ namespace: EntryNamespace, key: String, value: String, expiresAt: Date,
                                now: Date) async throws -> EntryWrite {
        let entry = StoredEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, version: 0, writtenAt: now)
        guard case .entry(let sealed) = try secrets.seal(.entry(entry)) else { preconditionFailure("PostgresStore: kind changed") }
        let rows = try await query("""
            INSERT INTO entries (namespace, key, value, secret, expires_at, version, written_at)
            VALUES ($1, $2, $3, $4, $5, nextval('entry_versions'), $6)
            ON CONFLICT (namespace, key) DO UPDATE
            SET value = excluded.value, secret = excluded.secret, expires_at = excluded.expires_at, version = excluded.version,
                written_at = excluded.written_at
            WHERE entries.expires_at <= excluded.written_at
            RETURNING version
            """, [namespace.name, key, sealed.value, namespace.isSecret, expiresAt, now])
        if let version = try rows.first?.decode("version", as: Int64.self) {
            return .written(StoredEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, version: version, writtenAt: now))
        }
        return .refused(current: try await self.entry(namespace, key: key, now: now))
    }

    static let upsertEntry = """
        INSERT INTO entries (namespace, key, value, secret, expires_at, version, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (namespace, key) DO UPDATE
        SET value = excluded.value, secret = excluded.secret, expires_at = excluded.expires_at, version = excluded.version,
            written_at = excluded.written_at
        """

    private func performEntry(_ mutation: StoreMutation, _ namespace: EntryNamespace, _ key: String) async throws -> StoreMutation.Outcome {
        try await perform(mutation, locking: PostgresStore.entryLockName(namespace, key)) { session in
            guard let entry = try await readEntry(namespace, key: key, session: session, lock: true) else { return nil }
            return LockedState(entry: entry, entryVersion: try await nextEntryVersion(session))
        } absent: { session in
            LockedState(entryVersion: try await nextEntryVersion(session))
        }
    }

    private func nextEntryVersion(_ session: PostgresSession) async throws -> Int64 {
        let rows = try await session.query("SELECT nextval('entry_versions') AS version")
        guard let version = try rows.first?.decode("version", as: Int64.self) else { throw corrupt("nextval returned no row") }
        return version
    }

    /// The row as stored, live or not, its value opened.
    private func readEntry(_ namespace: EntryNamespace, key: String, session: PostgresSession, lock: Bool) async throws -> StoredEntry? {
        let rows = try await session.query(
            "SELECT value, expires_at, version, written_at FROM entries WHERE namespace = $1 AND key = $2" + (lock ? " FOR UPDATE" : ""),
            [namespace.name, key])
        guard let row = rows.first else { return nil }
        return try openedEntry(row, namespace, key: key)
    }

    /// A row of `entries` (value, expires_at, version, written_at, and key unless the caller
    /// knows it) as the entry it holds, its value opened.
    private func openedEntry(_ row: PostgresRow, _ namespace: EntryNamespace, key: String? = nil) throws -> StoredEntry {
        let stored = StoredEntry(namespace: namespace, key: try key ?? row.decode("key"), value: try row.decode("value"),
                                 expiresAt: try row.decode("expires_at"), version: try row.decode("version"),
                                 writtenAt: try row.decode("written_at"))
        guard case .entry(let entry) = try secrets.open(.entry(stored)) else { preconditionFailure("PostgresStore: kind changed") }
        return entry
    }
}

extension PostgresStore {
    /// The live entries among `keys` in one statement (the primary key's index serves `= ANY`).
    public func entries(_ namespace: EntryNamespace, keys: [String], now: Date) async throws -> [StoredEntry] {
        guard !keys.isEmpty else { return [] }
        let rows = try await query("""
            SELECT key, value, expires_at, version, written_at FROM entries
            WHERE namespace = $1 AND key IN (SELECT json_array_elements_text($2::json)) AND expires_at > $3
            """, [namespace.name, Self.jsonArray(Array(Set(keys))), now])
        return try rows.map { row in try openedEntry(row, namespace) }
    }
}
