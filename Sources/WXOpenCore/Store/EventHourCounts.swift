import Foundation

/// How many events of each kind and outcome were appended in each hour: the small durable
/// counter behind the console's refresh chart (`Store.eventCounts`), so that drawing 48 hours
/// never reads 48 hours of events. It holds the last `keptHours` hours.
struct EventHourCounts: Sendable, Equatable {
    static let keptHours: Int64 = 8 * 24
    /// Hours since 1970 → "kind NUL outcome" → count.
    private(set) var hours: [Int64: [String: Int]] = [:]
    private var newest: Int64 = .min

    static func hourNumber(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 3600).rounded(.down)) }

    mutating func add(_ event: EventRecord) {
        add(hour: Self.hourNumber(event.at), kind: event.kind, outcome: event.outcome, count: 1)
    }

    mutating func add(hour: Int64, kind: String, outcome: String, count: Int) {
        if hour > newest {
            newest = hour
            if let oldest = hours.keys.min(), oldest <= newest - Self.keptHours {
                hours = hours.filter { $0.key > newest - Self.keptHours }
            }
        }
        guard hour > newest - Self.keptHours else { return }
        hours[hour, default: [:]][kind + "\u{0}" + outcome, default: 0] += count
    }

    /// Every count from `since`'s hour on, oldest hour first, then by kind and outcome.
    func counts(since: Date? = nil) -> [EventHourCount] {
        let first = since.map(Self.hourNumber) ?? .min
        var result: [EventHourCount] = []
        for hour in hours.keys.sorted() where hour >= first {
            for (key, count) in hours[hour]!.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
                result.append(EventHourCount(hour: Date(timeIntervalSince1970: Double(hour) * 3600), kind: String(parts[0]),
                                             outcome: parts.count > 1 ? String(parts[1]) : "", count: count))
            }
        }
        return result
    }
}

/// The memory store's event log: every event within the retention period, in id order.
struct MemoryEventLog: Sendable {
    let retention: TimeInterval
    private var events: [EventRecord] = []
    private(set) var counts = EventHourCounts()

    init(retention: TimeInterval) {
        self.retention = retention
    }

    mutating func append(_ event: EventRecord, now: Date) {
        events.append(event)
        counts.add(event)
        let cutoff = now - retention
        if let first = events.first, first.at < cutoff { events.removeAll { $0.at < cutoff } }
    }

    func page(_ query: EventQuery, now: Date) throws(StoreError) -> EventPage {
        let limit = StoreSearchRules.pageSize(query.limit)
        let before = try query.cursor.map { cursor throws(StoreError) in try EventIDCursor.id(from: cursor) } ?? .max
        let cutoff = now - retention
        var page: [EventRecord] = []
        var hasMore = false
        for event in events.reversed() where event.id < before && event.at >= cutoff && query.matches(event) {
            if page.count == limit { hasMore = true; break }
            page.append(event)
        }
        return EventPage(events: page, olderCursor: hasMore ? page.last.map { EventIDCursor.cursor(before: $0.id) } : nil)
    }
}
