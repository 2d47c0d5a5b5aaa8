import Foundation
import Synchronization
import WXOpenSupport

/// Counts failed console logins per client address in a sliding window: past the limit, the
/// address is refused (429) until its oldest failure leaves the window, without the password
/// even being checked. This bounds guessing to a few passwords a minute per address.
final class LoginThrottle: Sendable {
    private let clock: any WallClock
    private let limit: Int
    private let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])
    /// Addresses tracked at once: a flood from many addresses cannot grow memory without bound.
    private let capacity = 100_000

    init(clock: any WallClock, limit: Int, window: TimeInterval) {
        self.clock = clock
        self.limit = max(1, limit)
        self.window = window
    }

    /// Seconds until `host` may try again, or nil when it may try now.
    func retryAfter(for host: String) -> TimeInterval? {
        let now = clock.now()
        return failures.withLock { failures in
            let recent = (failures[host] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[host] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(1, window - now.timeIntervalSince(oldest))
        }
    }

    func recordFailure(for host: String) {
        let now = clock.now()
        failures.withLock { failures in
            if failures[host] == nil, failures.count >= capacity {
                failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
                // Still full: an attacker with this many addresses is not slowed by a per-address
                // limit anyway; keeping memory bounded matters more.
                guard failures.count < capacity else { return }
            }
            var recent = (failures[host] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            failures[host] = Array(recent.suffix(limit))
        }
    }

    /// A successful login clears the address's failures.
    func reset(for host: String) {
        _ = failures.withLock { $0.removeValue(forKey: host) }
    }
}
