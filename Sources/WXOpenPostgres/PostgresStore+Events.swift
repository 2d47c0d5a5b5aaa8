import Foundation
import WXOpenCore

/// The event log: ids from an identity column (increasing, never reused), kept for the
/// retention period (`Configuration.eventRetention`): every `eventPruneInterval` appends of
/// this instance delete what is older, and reads never show it. Each append also counts itself
/// in `event_hours`, in the same statement, for the console's chart.
extension PostgresStore {
    @discardableResult
    public func appendEvent(_ event: EventRecord) async throws -> EventRecord {
        let rows = try await query("""
            WITH added AS (
                INSERT INTO events (at, kind, app_id, outcome, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id
            ), counted AS (
                INSERT INTO event_hours (hour, kind, outcome, count) VALUES ($6, $2, $4, 1)
                ON CONFLICT (hour, kind, outcome) DO UPDATE SET count = event_hours.count + 1
            )
            SELECT id FROM added
            """, [event.at, event.kind, event.appID, event.outcome, event.detail, EventHourCount.hourNumber(of: event.at)])
        var stored = event
        guard let id = try rows.first?.decode("id", as: Int64.self) else { throw corrupt("appending an event returned no id") }
        stored.id = id
        if eventAppends.add(1, ordering: .relaxed).newValue % configuration.eventPruneInterval == 0 { try await pruneEvents() }
        return stored
    }

    /// Deletes the events (and hour counts) older than the retention period.
    func pruneEvents() async throws {
        let cutoff = clock.now().addingTimeInterval(-configuration.eventRetention)
        try await query("DELETE FROM events WHERE at < $1", [cutoff])
        try await query("DELETE FROM event_hours WHERE hour < $1", [EventHourCount.hourNumber(of: cutoff)])
    }

    /// Newest first, by id; the cursor is the last id shown.
    public func events(_ query: EventQuery) async throws -> EventPage {
        let limit = StoreSearchRules.pageSize(query.limit)
        let before = try query.cursor.map { cursor throws(StoreError) in try EventIDCursor.id(from: cursor) }
        let cutoff = clock.now().addingTimeInterval(-configuration.eventRetention)
        let rows = try await self.query("""
            SELECT id, at, kind, app_id, outcome, detail FROM events
            WHERE ($1::text IS NULL OR app_id = $1) AND ($2::text IS NULL OR starts_with(kind, $2))
              AND ($3::text IS NULL OR outcome = $3) AND ($4::float8 IS NULL OR at >= $4)
              AND ($5::float8 IS NULL OR at < $5) AND ($6::bigint IS NULL OR id < $6) AND at >= $7
            ORDER BY id DESC LIMIT $8
            """, [query.appID, query.kindPrefix, query.outcome, query.since, query.until, before, cutoff, limit + 1])
        let events = try rows.prefix(limit).map { row in
            EventRecord(
                id: try row.decode("id"), at: try row.decode("at"), kind: try row.decode("kind"), appID: try row.decode("app_id"),
                outcome: try row.decode("outcome"), detail: try row.decode("detail"))
        }
        return EventPage(events: events, olderCursor: rows.count > limit ? events.last.map { EventIDCursor.cursor(before: $0.id) } : nil)
    }

    public func eventCounts(since: Date) async throws -> [EventHourCount] {
        let rows = try await query("""
            SELECT hour, kind, outcome, count FROM event_hours WHERE hour >= $1 ORDER BY hour, kind, outcome
            """, [EventHourCount.hourNumber(of: since)])
        return try rows.map { row in
            EventHourCount(hour: Date(timeIntervalSince1970: Double(try row.decode("hour", as: Int64.self)) * 3600),
                           kind: try row.decode("kind"), outcome: try row.decode("outcome"), count: try row.decode("count"))
        }
    }
}
