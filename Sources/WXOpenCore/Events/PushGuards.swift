import Foundation
import WXOpenSupport

/// Pushes already handled, by `msg_signature`, so an exact replay is answered without being
/// processed again. Entries older than the timestamp window are useless (the replay would be
/// refused as stale anyway) and are dropped.
actor ReplayCache {
    private var seen: [String: Date] = [:]
    private let clock: any WallClock
    private let lifetime: TimeInterval
    private let capacity: Int

    init(clock: any WallClock, lifetime: TimeInterval = 660, capacity: Int = 20_000) {
        self.clock = clock
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func contains(_ signature: String) -> Bool {
        guard let at = seen[signature] else { return false }
        return clock.now().timeIntervalSince(at) < lifetime
    }

    func insert(_ signature: String) {
        let now = clock.now()
        if seen.count >= capacity { seen = seen.filter { now.timeIntervalSince($0.value) < lifetime } }
        if seen.count >= capacity { seen.removeAll() }
        seen[signature] = now
    }
}

/// Every rejected push is logged; the event log gets at most one summary a minute, so a flood
/// of forged pushes cannot push real events out of the bounded log.
actor RejectionReporter {
    private let events: EventRecorder
    private let clock: any WallClock
    private var windowStart: Date?
    private var count = 0
    private var reasons: [String: Int] = [:]

    init(events: EventRecorder, clock: any WallClock) {
        self.events = events
        self.clock = clock
    }

    func note(_ reason: String) async {
        let now = clock.now()
        count += 1
        reasons[reason, default: 0] += 1
        if let start = windowStart, now.timeIntervalSince(start) < 60 { return }
        let summary = reasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) ×\($0.value)" }.joined(separator: "; ")
        let total = count
        windowStart = now
        count = 0
        reasons = [:]
        await events.record("push.rejected", outcome: "rejected", "\(total) push(es) rejected: \(summary)")
    }
}
