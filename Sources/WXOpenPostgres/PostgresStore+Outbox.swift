import Foundation
import WXOpenCore

/// The outbox (`OutboxDelivery`) in the `outbox` table: one statement per call (an enqueue with a
/// dedupe key is one transaction of two), as `Store`'s outbox methods describe them. Payloads
/// are sealed with the store key like tokens. Instances share the work through leases, claimed
/// `FOR UPDATE SKIP LOCKED`: two instances never lease one delivery, and neither waits on the other.
extension PostgresStore {
    static let deliveryColumns = """
        id, sequence, account_key, type, payload, created_at, attempts, next_attempt_at, last_attempt_at, last_error, \
        lease_owner, lease_expires_at
        """

    public func enqueueDelivery(_ delivery: OutboxDelivery, dedupe: DeliveryDedupe?, lease: DeliveryLease?, now: Date) async throws
        -> DeliveryEnqueueResult {
        let payload = try sealedPayload(delivery)
        let result: DeliveryEnqueueResult = try await pool.withConnection { session in
            try await session.transaction { session in
                if let dedupe {
                    // Inserted, or an expired entry taken over; a live one is a WeChat retry.
                    let inserted = try await session.query("""
                        INSERT INTO entries (namespace, key, value, secret, expires_at, version, written_at)
                        VALUES ($1, $2, $3, false, $4, nextval('entry_versions'), $5)
                        ON CONFLICT (namespace, key) DO UPDATE
                        SET value = excluded.value, expires_at = excluded.expires_at, version = excluded.version,
                            written_at = excluded.written_at
                        WHERE entries.expires_at <= $5
                        RETURNING version
                        """, [EntryNamespace.messageDedupe.name, dedupe.key, delivery.id, dedupe.expiresAt, now])
                    if inserted.isEmpty {
                        let first = try await session.query("SELECT value FROM entries WHERE namespace = $1 AND key = $2",
                                                             [EntryNamespace.messageDedupe.name, dedupe.key])
                        return .duplicate(deliveryID: try first.first?.decode("value", as: String.self) ?? "")
                    }
                }
                // Leased at once only as the account's oldest: an attempt now must not overtake one waiting.
                let rows = try await session.query("""
                    WITH account AS (SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE account_key = $2) AS empty)
                    INSERT INTO outbox (\(Self.deliveryColumns))
                    SELECT $1, nextval('outbox_sequence'), $2, $3, $4, $5, 0, $6, NULL, NULL,
                           CASE WHEN account.empty THEN $7::text END, CASE WHEN account.empty THEN $8::double precision END
                    FROM account
                    RETURNING \(Self.deliveryColumns)
                    """, [delivery.id, delivery.accountKey, delivery.type, payload, delivery.createdAt, delivery.nextAttemptAt,
                          lease?.owner, lease?.expiresAt])
                guard let row = rows.first else { throw corrupt("INSERT INTO outbox returned no row") }
                return .enqueued(try self.delivery(row))
            }
        }
        if dedupe != nil { try await noteEntryWrite(now: now) }
        return result
    }

    public func claimDeliveries(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxDelivery] {
        // The lease test is on the locked row itself, so a row another instance claimed meanwhile
        // is seen as it is now (READ COMMITTED re-reads a row it had to wait for).
        try await query("""
            WITH heads AS (SELECT DISTINCT ON (account_key) id FROM outbox ORDER BY account_key, sequence),
            ready AS (
                SELECT o.id FROM outbox o JOIN heads ON heads.id = o.id
                WHERE o.next_attempt_at <= $2 AND (o.lease_expires_at IS NULL OR o.lease_expires_at <= $2)
                ORDER BY o.next_attempt_at, o.sequence LIMIT $3
                FOR UPDATE OF o SKIP LOCKED
            )
            UPDATE outbox SET lease_owner = $1, lease_expires_at = $4 FROM ready WHERE outbox.id = ready.id
            RETURNING \(Self.deliveryColumns.split(separator: ",").map { "outbox." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
            """, [owner, now, max(0, limit), leaseUntil]).map(delivery).sorted(by: OutboxDelivery.claimOrder)
    }

    @discardableResult
    public func completeDelivery(id: String) async throws -> Bool {
        try await query("DELETE FROM outbox WHERE id = $1", [id]).affected > 0
    }

    @discardableResult
    public func failDelivery(id: String, owner: String, error: String, nextAttemptAt: Date, now: Date) async throws -> OutboxDelivery? {
        try await query("""
            UPDATE outbox SET attempts = attempts + 1, last_error = $3, last_attempt_at = $5, next_attempt_at = $4,
                              lease_owner = NULL, lease_expires_at = NULL
            WHERE id = $1 AND lease_owner = $2
            RETURNING \(Self.deliveryColumns)
            """, [id, owner, error, nextAttemptAt, now]).first.map(delivery)
    }

    @discardableResult
    public func retryDeliveries(id: String?, now: Date) async throws -> Int {
        try await query("""
            UPDATE outbox SET next_attempt_at = $2
            WHERE ($1::text IS NULL OR id = $1) AND next_attempt_at > $2 AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
            """, [id, now]).affected
    }

    public func outboxBacklog(limit: Int) async throws -> [OutboxBacklog] {
        try await query("""
            SELECT * FROM (
                SELECT DISTINCT ON (account_key) \(Self.deliveryColumns), count(*) OVER (PARTITION BY account_key) AS queued
                FROM outbox ORDER BY account_key, sequence
            ) heads ORDER BY sequence LIMIT $1
            """, [max(0, limit)]).map { row in OutboxBacklog(head: try delivery(row), queued: try row.decode("queued")) }
    }

    public func outboxCounts(now: Date) async throws -> OutboxCounts {
        let rows = try await query("""
            WITH heads AS (
                SELECT DISTINCT ON (account_key) created_at, next_attempt_at, lease_expires_at FROM outbox ORDER BY account_key, sequence
            )
            SELECT count(*) FILTER (WHERE lease_expires_at > $1) AS delivering,
                   count(*) FILTER (WHERE attempts > 0 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)) AS retrying,
                   count(*) FILTER (WHERE attempts = 0 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)) AS pending,
                   (SELECT min(created_at) FROM heads) AS oldest,
                   (SELECT min(next_attempt_at) FROM heads WHERE lease_expires_at IS NULL OR lease_expires_at <= $1) AS next_attempt_at
            FROM outbox
            """, [now])
        guard let row = rows.first else { throw corrupt("the outbox counts returned no row") }
        return OutboxCounts(pending: try row.decode("pending"), retrying: try row.decode("retrying"), delivering: try row.decode("delivering"),
                            oldestCreatedAt: try row.decode("oldest"), nextAttemptAt: try row.decode("next_attempt_at"))
    }

    func sealedPayload(_ delivery: OutboxDelivery) throws -> String {
        guard case .delivery(let sealed, _) = try secrets.seal(.delivery(delivery, dedupe: nil)) else {
            preconditionFailure("PostgresStore: kind changed")
        }
        return sealed.payload
    }

    /// A row as stored, its payload opened.
    func delivery(_ row: PostgresRow) throws -> OutboxDelivery {
        let stored = OutboxDelivery(
            id: try row.decode("id"), accountKey: try row.decode("account_key"), type: try row.decode("type"),
            payload: try row.decode("payload"), createdAt: try row.decode("created_at"), sequence: try row.decode("sequence"),
            attempts: try row.decode("attempts"), nextAttemptAt: try row.decode("next_attempt_at"),
            lastAttemptAt: try row.decode("last_attempt_at"), lastError: try row.decode("last_error"),
            leaseOwner: try row.decode("lease_owner"), leaseExpiresAt: try row.decode("lease_expires_at"))
        return try secrets.open(stored)
    }
}
