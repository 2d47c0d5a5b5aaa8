import Foundation
import WXOpenCore
import WXOpenSupport

/// `claimEntries` in one statement. Each wanted key first takes its advisory lock with
/// `pg_try_advisory_xact_lock`, the same lock `writeEntry` takes for a key with no row yet: a key
/// another transaction is claiming or writing right now is skipped rather than waited for, as
/// `FOR UPDATE SKIP LOCKED` skips locked rows. The rest are inserted, or take over a row whose
/// entry has expired (`ON CONFLICT … DO UPDATE … WHERE`, decided on the row's lock); a live
/// entry is left alone. The locks go with the statement's transaction.
extension PostgresStore {
    public func claimEntries(_ namespace: EntryNamespace, keys: [String], value: String, expiresAt: Date,
                             now: Date) async throws -> [StoredEntry] {
        var seen = Set<String>()
        let keys = keys.filter { seen.insert($0).inserted }
        guard !keys.isEmpty else { return [] }
        let values = try keys.map { key -> String in
            let entry = StoredEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, version: 0, writtenAt: now)
            guard case .entry(let sealed) = try secrets.seal(.entry(entry)) else { preconditionFailure("PostgresStore: kind changed") }
            return sealed.value
        }
        let locks = keys.map { Int(AdvisoryLock.key(lockName(PostgresStore.entryLockName(namespace, $0)))) }
        let rows = try await query("""
            WITH wanted AS (
                SELECT k.key, v.value, l.lock
                FROM json_array_elements_text($2::json) WITH ORDINALITY AS k(key, n)
                JOIN json_array_elements_text($3::json) WITH ORDINALITY AS v(value, n) USING (n)
                JOIN unnest($4::bigint[]) WITH ORDINALITY AS l(lock, n) USING (n)
            ), free AS (
                SELECT key, value FROM wanted WHERE pg_try_advisory_xact_lock(lock)
            )
            INSERT INTO entries (namespace, key, value, secret, expires_at, version, written_at)
            SELECT $1, key, value, $5, $6, nextval('entry_versions'), $7 FROM free
            ON CONFLICT (namespace, key) DO UPDATE
            SET value = excluded.value, secret = excluded.secret, expires_at = excluded.expires_at, version = excluded.version,
                written_at = excluded.written_at
            WHERE entries.expires_at <= excluded.written_at
            RETURNING key, version
            """, [namespace.name, Self.jsonArray(keys), Self.jsonArray(values), locks, namespace.isSecret, expiresAt, now])
        var versions: [String: Int64] = [:]
        for row in rows { versions[try row.decode("key", as: String.self)] = try row.decode("version", as: Int64.self) }
        let claimed = keys.compactMap { key in
            versions[key].map { StoredEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, version: $0, writtenAt: now) }
        }
        if namespace.isAnnounced, !claimed.isEmpty {
            let notices = claimed.map { StoreNotice.entry(namespace: namespace.name, key: $0.key) }
            try await query("SELECT pg_notify($1, payload) FROM json_array_elements_text($2::json) AS p(payload)",
                            [channel, Self.jsonArray(notices.compactMap(payload))])
            for notice in notices { self.notices.publish(notice) }
        }
        return claimed
    }

    /// The advisory lock a write of `key` takes while it has no row (`performEntry`).
    static func entryLockName(_ namespace: EntryNamespace, _ key: String) -> String {
        "entry:\(namespace.name):\(key)"
    }

    static func jsonArray(_ strings: [String]) -> String {
        "[" + strings.map(JSONString.quoted).joined(separator: ",") + "]"
    }
}
