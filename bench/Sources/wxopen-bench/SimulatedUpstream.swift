import Foundation
import Synchronization
import WeChat
import WeChatSimulator
import WXOpenCore
import WXOpenSupport

/// WeChat for `refresh-policy`, on an injected clock: answers at once, and every authorizer
/// token call moves the clock on by latency / the current concurrency limit, so that N calls at
/// C at a time take N × latency / C of simulated time, as they would against a WeChat answering
/// after `latency`. Counts the calls per simulated hour and per kind of account, and notes each
/// refresh of a hot account that came with less than the margin left (a reader would have
/// waited for it, or did).
final class SimulatedUpstream: WeChatTransport {
    struct Stats {
        var calls = 0
        var hotCalls = 0
        var perHour: [Int: Int] = [:]
        /// Refreshes of hot accounts with less than the margin left.
        var hotReachedMargin = 0
        var minHotRemaining = Double.infinity
        /// The token WeChat last issued per account, when it expires.
        var expiry: [String: Date] = [:]
    }

    let clock: SimulatorClock
    let start: Date
    let latency: TimeInterval
    let margin: TimeInterval
    let hot: Set<String>
    /// Whose planned limit counts (set once the platform exists). Not a closure: one read
    /// out of a `Mutex` comes back wrapped in a reabstraction thunk each time, and the chain grows.
    let tokens = Mutex<AuthorizerTokenManager?>(nil)
    let stats = Mutex(Stats())

    init(clock: SimulatorClock, latency: TimeInterval, margin: TimeInterval, hot: Set<String>) {
        self.clock = clock
        start = clock.now()
        self.latency = latency
        self.margin = margin
        self.hot = hot
    }

    func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
        let path = request.url.path
        if path.hasSuffix("/api_component_token") {
            return .json(#"{"component_access_token":"sim-component","expires_in":7200}"#)
        }
        guard path.hasSuffix("/api_authorizer_token"),
              let body = request.body, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let appID = object["authorizer_appid"] as? String else {
            return .json(#"{"errcode":0,"errmsg":"ok"}"#)
        }
        let concurrency = tokens.withLock { $0 }?.plannedConcurrency ?? 1
        clock.advance(by: latency / Double(max(1, concurrency)))
        let now = clock.now()
        let isHot = hot.contains(appID)
        let serial = stats.withLock { stats in
            stats.calls += 1
            stats.perHour[Int(now.timeIntervalSince(start) / 3600), default: 0] += 1
            if isHot {
                stats.hotCalls += 1
                let remaining = (stats.expiry[appID] ?? .distantPast).timeIntervalSince(now)
                stats.minHotRemaining = min(stats.minHotRemaining, remaining)
                if remaining < margin { stats.hotReachedMargin += 1 }
            }
            stats.expiry[appID] = now + 7200
            return stats.calls
        }
        return .json(#"{"authorizer_access_token":"at-\#(appID)-\#(serial)","expires_in":7200,"authorizer_refresh_token":"rt-\#(appID)"}"#)
    }
}

/// A clock that stands still unless advanced (the base of the simulation's `SimulatorClock`).
struct StillClock: WallClock {
    let date: Date
    func now() -> Date { date }
}
