import Foundation
import WXOpenCore

/// What `wxopen migrate-store` needs of the database: whether it is empty, a bulk copy of a
/// store's contents (ids and versions kept, secrets sealed with this store's key), and every
/// record read back for the comparison.
extension PostgresStore {
    static let recordTables: [(kind: StoreContents.Kind, table: String)] = [
        (.tickets, "tickets"), (.componentTokens, "component_tokens"), (.authorizers, "authorizers"), (.events, "events"),
        (.entries, "entries"), (.deliveries, "outbox"),
    ]

    /// Rows in each table that holds records (empty: all zero).
    package func recordCounts() async throws -> [StoreContents.Kind: Int] {
        var counts: [StoreContents.Kind: Int] = [:]
        for (kind, table) in Self.recordTables {
            // Table names of ours, never input.
            counts[kind] = try await query("SELECT count(*) AS n FROM \(table)").first?.decode("n", as: Int.self) ?? 0
        }
        return counts
    }

    /// Copies `contents` in one transaction: all of it, or (on any error) nothing. `progress`
    /// hears the running count of each kind every `every` records and at its end.
    package func importContents(_ contents: StoreContents, every: Int = 1000,
                                progress: (StoreContents.Kind, Int) -> Void) async throws {
        try await withSession { session in
            try await session.transaction { session in
                for ticket in contents.tickets {
                    guard case .ticket(let sealed) = try secrets.seal(.ticket(ticket)) else { preconditionFailure("PostgresStore: kind changed") }
                    try await session.query(PostgresStore.upsertTicket, [sealed.componentAppID, sealed.ticket, sealed.receivedAt, sealed.createTime])
                }
                progress(.tickets, contents.tickets.count)
                for token in contents.componentTokens {
                    guard case .componentToken(let sealed) = try secrets.seal(.componentToken(token)) else {
                        preconditionFailure("PostgresStore: kind changed")
                    }
                    try await session.query(
                        "INSERT INTO component_tokens (component_app_id, token, token_digest, obtained_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                        [sealed.componentAppID, sealed.token, digest.digest(token.token), sealed.obtainedAt, sealed.expiresAt])
                }
                progress(.componentTokens, contents.componentTokens.count)
                for (index, record) in contents.authorizers.enumerated() {
                    guard case .authorizer(let sealed) = try secrets.seal(.authorizer(record)) else { preconditionFailure("PostgresStore: kind changed") }
                    try await session.query(AuthorizerColumns.insert, try AuthorizerColumns.parameters(sealed))
                    if (index + 1) % every == 0 { progress(.authorizers, index + 1) }
                }
                if contents.authorizers.count % every != 0 || contents.authorizers.isEmpty { progress(.authorizers, contents.authorizers.count) }
                for (index, event) in contents.events.enumerated() {
                    try await session.query("INSERT INTO events (id, at, kind, app_id, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6)",
                                            [event.id, event.at, event.kind, event.appID, event.outcome, event.detail])
                    if (index + 1) % every == 0 { progress(.events, index + 1) }
                }
                // The next event gets the next id, as it would have in the file store.
                try await session.query("SELECT setval(pg_get_serial_sequence('events', 'id'), greatest(coalesce(max(id), 0), 1), max(id) IS NOT NULL) FROM events")
                if contents.events.count % every != 0 || contents.events.isEmpty { progress(.events, contents.events.count) }
                for (index, entry) in contents.entries.enumerated() {
                    guard case .entry(let sealed) = try secrets.seal(.entry(entry)) else { preconditionFailure("PostgresStore: kind changed") }
                    try await session.query(PostgresStore.upsertEntry, [
                        sealed.namespace.name, sealed.key, sealed.value, sealed.namespace.isSecret, sealed.expiresAt, sealed.version, sealed.writtenAt,
                    ])
                    if (index + 1) % every == 0 { progress(.entries, index + 1) }
                }
                if let highest = contents.entries.map(\.version).max() {
                    try await session.query("SELECT setval('entry_versions', $1::bigint)", [highest])
                }
                if contents.entries.count % every != 0 || contents.entries.isEmpty { progress(.entries, contents.entries.count) }
                for (index, delivery) in contents.deliveries.enumerated() {
                    // Sequences kept, so each account's messages still go out in the order WeChat sent them.
                    try await session.query("INSERT INTO outbox (\(PostgresStore.deliveryColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL)", [
                        delivery.id, delivery.sequence, delivery.accountKey, delivery.type, try sealedPayload(delivery), delivery.createdAt,
                        delivery.attempts, delivery.nextAttemptAt, delivery.lastAttemptAt, delivery.lastError,
                    ])
                    if (index + 1) % every == 0 { progress(.deliveries, index + 1) }
                }
                if let highest = contents.deliveries.map(\.sequence).max() {
                    try await session.query("SELECT setval('outbox_sequence', $1::bigint)", [highest])
                }
                if contents.deliveries.count % every != 0 || contents.deliveries.isEmpty { progress(.deliveries, contents.deliveries.count) }
            }
        }
    }

    /// Every record, secrets opened, as `StoreContents` orders them; entries live at `now`.
    package func contents(now: Date) async throws -> StoreContents {
        var contents = StoreContents(owner: try await query("SELECT value FROM store_meta WHERE name = $1", ["component_appid"])
            .first?.decode("value", as: String.self))
        for row in try await query("SELECT component_app_id FROM tickets ORDER BY component_app_id") {
            if let ticket = try await ticket(componentAppID: try row.decode("component_app_id")) { contents.tickets.append(ticket) }
        }
        for row in try await query("SELECT component_app_id FROM component_tokens ORDER BY component_app_id") {
            if let token = try await componentToken(componentAppID: try row.decode("component_app_id")) { contents.componentTokens.append(token) }
        }
        contents.authorizers = try await query(AuthorizerColumns.select + " ORDER BY app_id").map {
            try secrets.open(try AuthorizerColumns.record($0, corrupt: corrupt))
        }
        contents.events = try await query("SELECT id, at, kind, app_id, outcome, detail FROM events ORDER BY id").map { row in
            EventRecord(id: try row.decode("id"), at: try row.decode("at"), kind: try row.decode("kind"), appID: try row.decode("app_id"),
                        outcome: try row.decode("outcome"), detail: try row.decode("detail"))
        }
        for row in try await query("SELECT namespace, secret, key FROM entries ORDER BY namespace, key") {
            let namespace = EntryNamespace(try row.decode("namespace"), secret: try row.decode("secret"))
            if let entry = try await entry(namespace, key: try row.decode("key"), now: now) { contents.entries.append(entry) }
        }
        contents.deliveries = try await query("SELECT \(Self.deliveryColumns) FROM outbox ORDER BY sequence").map(delivery)
        return contents
    }
}
