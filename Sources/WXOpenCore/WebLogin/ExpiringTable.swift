import Foundation
import WeChat

/// Single-use secrets (login states, login tickets) with a fixed lifetime, held in memory and
/// bounded.
///
/// Entries are keyed by the SHA-256 of the secret: a lookup then compares digests, so timing
/// says nothing about how much of a guessed secret was right, and the table never holds a
/// usable secret. A used or expired entry stays for one more lifetime as a tombstone, so a late
/// caller hears "used" or "expired" rather than "unknown"; after that it is forgotten. Every
/// entry has the same lifetime, so insertion order is expiry order and sweeping only ever looks
/// at the oldest end. When `capacity` entries are held the oldest is dropped: a flood of starts
/// can cost logins in progress, never memory.
struct ExpiringTable<Value: Sendable>: Sendable {
    enum Taken {
        case value(Value)
        case unknown
        case expired
        case used
    }

    private struct Entry {
        var value: Value?
        var expiresAt: Date
    }

    let lifetime: TimeInterval
    let capacity: Int
    private var entries: [[UInt8]: Entry] = [:]
    /// Keys oldest first from `head`; every key here is in `entries` and the other way round.
    private var order: [[UInt8]] = []
    private var head = 0

    init(lifetime: TimeInterval, capacity: Int) {
        precondition(lifetime > 0 && capacity > 0)
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Entries held, tombstones included.
    var count: Int { entries.count }

    static func key(_ secret: String) -> [UInt8] { Crypto.sha256(Array(secret.utf8)) }

    mutating func insert(_ secret: String, _ value: Value, now: Date) {
        sweep(now: now)
        while entries.count >= capacity { dropOldest() }
        let key = Self.key(secret)
        // Secrets are random (≥ 128 bits): a repeat would be a broken generator, not a collision.
        precondition(entries[key] == nil, "a login secret was generated twice")
        entries[key] = Entry(value: value, expiresAt: now + lifetime)
        order.append(key)
    }

    /// The value, once; then `used`. Past its expiry, `expired`.
    mutating func take(_ secret: String, now: Date) -> Taken {
        sweep(now: now)
        let key = Self.key(secret)
        guard let entry = entries[key] else { return .unknown }
        guard let value = entry.value else { return .used }
        guard now < entry.expiresAt else { return .expired }
        entries[key]?.value = nil
        return .value(value)
    }

    private mutating func sweep(now: Date) {
        while head < order.count, let entry = entries[order[head]], now >= entry.expiresAt + lifetime {
            dropOldest()
        }
    }

    private mutating func dropOldest() {
        guard head < order.count else { return }
        entries.removeValue(forKey: order[head])
        head += 1
        // Compact now and then, so the queue does not keep every key ever inserted.
        if head >= 1024, head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
