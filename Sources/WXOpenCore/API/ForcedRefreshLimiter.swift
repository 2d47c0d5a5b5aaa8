import Foundation
import Synchronization
import WXOpenSupport

/// Allows a forced token refresh (`{"force": true}`) at most once per `interval` for each
/// account (or the component). The time comes from the platform's clock.
final class ForcedRefreshLimiter: Sendable {
    /// Each forced refresh is one call to api_authorizer_token (or api_component_token), which
    /// count against WeChat's daily quota, and it replaces the token every other service holds.
    /// Once a minute is ample for a person fixing something, and bounds a retry loop to 1,440
    /// calls a day instead of thousands a minute.
    static let interval: TimeInterval = 60

    private let last = Mutex<[String: Date]>([:])

    /// True, and counted, when `key` may be force-refreshed now; otherwise the seconds to wait.
    func allow(_ key: String, now: Date) -> (allowed: Bool, retryAfter: Int) {
        last.withLock { last in
            if let previous = last[key], now.timeIntervalSince(previous) < Self.interval, now >= previous {
                return (false, max(1, Int((Self.interval - now.timeIntervalSince(previous)).rounded(.up))))
            }
            // Only keys used within the interval matter: drop the rest before the table grows.
            if last.count >= 1024 { last = last.filter { now.timeIntervalSince($0.value) < Self.interval } }
            last[key] = now
            return (true, 0)
        }
    }
}
