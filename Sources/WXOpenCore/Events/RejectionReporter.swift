import Foundation
import WXOpenSupport

/// Rejected pushes, summarised, so that a flood of forged ones can neither fill the disk with log
/// lines nor push real events out of the bounded event log.
///
/// Log: the first rejection of a reason in an interval is logged at once, in full (request id,
/// remote address, detail); the rest of that interval are only counted, and once the interval is
/// over one `push_rejected_summary` line per reason gives the count. Summaries are written when
/// the next push of any kind arrives after the interval (`sweep`), since nothing else wakes us:
/// a flood followed by silence is summarised with the next ticket push, within ten minutes.
/// Event log: at most one `push.rejected` event per interval, with the commonest reasons.
actor RejectionReporter {
    /// One minute: a flood costs at most two log lines per reason a minute.
    static let interval: TimeInterval = 60

    private struct Window {
        var start: Date
        var count = 1
    }

    private let events: EventRecorder
    private let clock: any WallClock
    private let logger: Logger
    private var windows: [String: Window] = [:]
    private var eventWindowStart: Date?
    private var eventCount = 0
    private var eventReasons: [String: Int] = [:]

    /// `logger` writes the summaries (the first lines go to each request's own logger).
    init(events: EventRecorder, clock: any WallClock, logger: Logger) {
        self.events = events
        self.clock = clock
        self.logger = logger
    }

    func note(_ rejection: PushRejection, logger requestLogger: Logger, remote: String) async {
        let now = clock.now()
        sweep(at: now)
        if windows[rejection.reason] != nil {
            windows[rejection.reason]!.count += 1
        } else {
            windows[rejection.reason] = Window(start: now)
            requestLogger.warning("push_rejected", ["reason": rejection.reason, "detail": rejection.detail ?? "-", "remote": remote,
                                                    "repeats": "counted for \(Int(Self.interval)) s"])
        }
        await recordEvent(rejection.reason, at: now)
    }

    /// Writes the summary of every reason whose interval is over.
    func sweep() {
        sweep(at: clock.now())
    }

    private func sweep(at now: Date) {
        for (reason, window) in windows where now.timeIntervalSince(window.start) >= Self.interval {
            windows[reason] = nil
            // A lone rejection was logged in full already.
            guard window.count > 1 else { continue }
            logger.warning("push_rejected_summary", ["reason": reason, "count": String(window.count),
                                                     "since": RFC3339.format(window.start), "interval_s": String(Int(Self.interval))])
        }
    }

    private func recordEvent(_ reason: String, at now: Date) async {
        eventCount += 1
        eventReasons[reason, default: 0] += 1
        if let start = eventWindowStart, now.timeIntervalSince(start) < Self.interval { return }
        let summary = eventReasons.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) ×\($0.value)" }.joined(separator: "; ")
        let total = eventCount
        eventWindowStart = now
        eventCount = 0
        eventReasons = [:]
        await events.record("push.rejected", outcome: "rejected", "\(total) push(es) rejected: \(summary)")
    }
}
