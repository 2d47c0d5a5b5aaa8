import WXOpenCore

/// The event log: ids from an identity column (increasing, never reused), and each append
/// deletes what falls more than `eventCapacity` ids behind it, so the table stays bounded like
/// the file store's ring.
extension PostgresStore {
    @discardableResult
    public func appendEvent(_ event: EventRecord) async throws -> EventRecord {
        let rows = try await query("""
            WITH added AS (
                INSERT INTO events (at, kind, app_id, outcome, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id
            ), dropped AS (
                DELETE FROM events WHERE id <= (SELECT id FROM added) - $6::bigint
            )
            SELECT id FROM added
            """, [event.at, event.kind, event.appID, event.outcome, event.detail, configuration.eventCapacity])
        var stored = event
        guard let id = try rows.first?.decode("id", as: Int64.self) else { throw corrupt("appending an event returned no id") }
        stored.id = id
        return stored
    }

    /// Newest first.
    public func recentEvents(_ query: EventQuery) async throws -> [EventRecord] {
        let limit = StoreSearchRules.pageSize(query.limit)
        let rows = try await self.query("""
            SELECT id, at, kind, app_id, outcome, detail FROM events
            WHERE ($1::text IS NULL OR app_id = $1) AND ($2::text IS NULL OR starts_with(kind, $2))
              AND ($3::text IS NULL OR outcome = $3) AND ($4::float8 IS NULL OR at >= $4)
            ORDER BY id DESC LIMIT $5
            """, [query.appID, query.kindPrefix, query.outcome, query.since, limit])
        return try rows.map { row in
            EventRecord(
                id: try row.decode("id"), at: try row.decode("at"), kind: try row.decode("kind"), appID: try row.decode("app_id"),
                outcome: try row.decode("outcome"), detail: try row.decode("detail"))
        }
    }
}
