import Foundation
import WeChat
import WXOpenSupport

/// The authorization states already used at the callback, remembered until they expire, so a
/// state works once: a second callback with it (a new auth_code, or the same link reopened) is
/// refused. A state is signed and expires by itself, so only states still within their
/// lifetime need remembering. A store can back this later; memory is enough for one instance.
protocol UsedStateLedger: Sendable {
    /// True the first time `state` is claimed; false when it was claimed before and has not expired.
    func claim(_ state: String, expires: Date) async throws -> Bool
}

/// In memory and bounded. A restart forgets the used states, so a state used just before one
/// works once more within its hour; a flood past `capacity` forgets the states nearest their
/// expiry first. Both need a fresh pre_auth_code per state, which WeChat rate-limits.
actor MemoryUsedStateLedger: UsedStateLedger {
    static let defaultCapacity = 100_000
    /// How often expired states are dropped.
    static let sweepInterval: TimeInterval = 60

    private let clock: any WallClock
    private let capacity: Int
    /// SHA-256 of the state → when it expires. Digests, so the table holds nothing usable.
    private var used: [[UInt8]: Date] = [:]
    private var nextSweep = Date.distantPast

    init(clock: any WallClock, capacity: Int = MemoryUsedStateLedger.defaultCapacity) {
        precondition(capacity > 0)
        self.clock = clock
        self.capacity = capacity
    }

    func claim(_ state: String, expires: Date) -> Bool {
        let now = clock.now()
        if now >= nextSweep || used.count >= capacity {
            used = used.filter { $0.value > now }
            nextSweep = now + Self.sweepInterval
        }
        let key = Crypto.sha256(Array(state.utf8))
        if let expiry = used[key], expiry > now { return false }
        if used.count >= capacity, let nearest = used.min(by: { $0.value < $1.value })?.key { used[nearest] = nil }
        used[key] = expires
        return true
    }

    var count: Int { used.count }
}
