import Foundation
import Synchronization

/// How many upstream refreshes run at once (`tokens.refreshConcurrency` … `tokens.maxConcurrency`).
///
/// Raised when the accounts coming due would not all be refreshed before their margin at the
/// current pace: refreshing them one after another in deadline order at `limit` at a time, the
/// k-th is done after k × latency / limit, which must come before its deadline. Latency is what
/// a refresh took per slot in the last full batches (`observe`), so slow upstream answers raise
/// the limit and fast ones let it fall back. Lowered (halved, below the start value if need be)
/// when WeChat answers busy (-1) or over quota (45009/45011), and kept at most there for
/// `busyCooldown`: more calls at once would only make it worse.
final class RefreshPace: Sendable {
    /// Configured bounds: where the limit starts and what it may reach.
    let floor: Int
    let ceiling: Int
    /// Headroom over the bare requirement, for the accounts that come due during the pass.
    static let safety = 1.5
    static let busyCooldown: TimeInterval = 300
    /// Halvings are this far apart at least: one burst of busy answers halves once.
    static let busySpacing: TimeInterval = 5
    /// Seconds per refresh per slot before any was measured: WeChat's usual tens of
    /// milliseconds, with room.
    static let initialLatency: TimeInterval = 0.25

    private struct State {
        var limit: Int
        var latency = RefreshPace.initialLatency
        var busyCap: Int?
        var busyUntil = Date.distantPast
        var lastHalving = Date.distantPast
    }

    private let state: Mutex<State>

    init(floor: Int, ceiling: Int) {
        self.floor = max(1, floor)
        self.ceiling = max(self.floor, ceiling)
        state = Mutex(State(limit: self.floor))
    }

    var limit: Int { state.withLock { $0.limit } }
    var latency: TimeInterval { state.withLock { $0.latency } }

    /// The limit for refreshing accounts whose deadlines (when their margin is reached, seconds
    /// since the reference date) are `deadlines`, sorted, from `now`; it becomes the limit.
    @discardableResult
    func plan(deadlines: ArraySlice<Double>, now: Date) -> Int {
        state.withLock { state in
            let latency = state.latency, start = now.timeIntervalSinceReferenceDate
            var need = 0.0
            // The k-th for k = 1, 2, 4, …, and the last: between two samples k grows at most
            // twofold and the deadline only later, so 2k / deadline(k) bounds them all.
            var step = 1
            while step <= deadlines.count {
                let slack = max(deadlines[deadlines.startIndex + step - 1] - start, latency)
                need = max(need, Double(min(2 * step, deadlines.count)) * latency / slack)
                step *= 2
            }
            if let last = deadlines.last { need = max(need, Double(deadlines.count) * latency / max(last - start, latency)) }
            var limit = min(ceiling, max(floor, Int((need * Self.safety).rounded(.up))))
            if now < state.busyUntil, let cap = state.busyCap { limit = min(limit, cap) } else { state.busyCap = nil }
            state.limit = limit
            return limit
        }
    }

    /// `refreshes` done in `elapsed` seconds, `concurrency` at a time. Only full batches say
    /// what a slot's refresh takes; a clock that did not move says nothing.
    func observe(refreshes: Int, elapsed: TimeInterval, concurrency: Int) {
        guard refreshes >= concurrency, refreshes > 0, elapsed > 0 else { return }
        let sample = min(30, max(0.001, elapsed * Double(concurrency) / Double(refreshes)))
        state.withLock { $0.latency = $0.latency * 0.5 + sample * 0.5 }
    }

    /// WeChat answered busy or over quota: halves the limit (once per `busySpacing`) and caps
    /// it there for `busyCooldown`. Returns the new limit.
    @discardableResult
    func noteBusy(now: Date) -> Int {
        state.withLock { state in
            guard now.timeIntervalSince(state.lastHalving) >= Self.busySpacing else { return state.limit }
            state.lastHalving = now
            state.limit = max(1, state.limit / 2)
            state.busyCap = state.limit
            state.busyUntil = now + Self.busyCooldown
            return state.limit
        }
    }
}
