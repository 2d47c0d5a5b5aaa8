import Foundation
import Synchronization
import WeChat
import WXOpenSupport

/// Single-use secrets (login states, login tickets) with a fixed lifetime, kept in the store
/// (entries of a secret namespace, sealed like tokens), so that every instance behind a load
/// balancer, and a restarted one, knows them: WeChat may send the browser back to another
/// instance than the one it left.
///
/// Entries are keyed by the SHA-256 of the secret: the store never holds a usable secret, and a
/// lookup says nothing about how much of a guessed secret was right. Taking a value is a
/// compare-and-swap on its entry, so of two instances taking it at once one gets it and the
/// other hears "used". A used or expired entry stays for one more lifetime as a tombstone, so a
/// late caller hears "used" or "expired" rather than "unknown"; after that the store drops it.
/// Each instance holds at most `capacity` of the entries it inserted (`EntryBudget`): past it the
/// oldest is deleted, so a flood of starts can cost logins in progress, never unbounded storage.
final class ExpiringTable<Value: Codable & Sendable>: Sendable {
    enum Taken {
        case value(Value)
        case unknown
        case expired
        case used
    }

    /// The entry's value: nil once taken.
    private struct Stored: Codable {
        var value: Value?
        var expiresAt: Date
    }

    let store: any Store
    let namespace: EntryNamespace
    let lifetime: TimeInterval
    let kind: SecretKind
    let clock: any WallClock
    private let budget: Mutex<EntryBudget>

    init(store: any Store, namespace: EntryNamespace, lifetime: TimeInterval, capacity: Int, kind: SecretKind, clock: any WallClock) {
        precondition(lifetime > 0 && capacity > 0 && namespace.isSecret)
        self.store = store
        self.namespace = namespace
        self.lifetime = lifetime
        self.kind = kind
        self.clock = clock
        budget = Mutex(EntryBudget(capacity: capacity))
    }

    /// Entries this instance holds, tombstones included.
    var count: Int { budget.withLock { $0.count } }

    static func key(_ secret: String) -> String { Crypto.sha256Hex(secret) }

    /// Keeps `value` under a new secret; returns the secret.
    func insert(_ value: Value) async throws -> String {
        let secret = kind.make()
        try await insert(secret, value, now: clock.now())
        return secret
    }

    /// The value under `secret`, once (see `take(_:now:)`); a secret not of the table's form is
    /// `unknown` without a store lookup.
    func take(_ secret: String) async throws -> Taken {
        guard kind.isWellFormed(secret) else { return .unknown }
        return try await take(secret, now: clock.now())
    }

    func insert(_ secret: String, _ value: Value, now: Date) async throws {
        let key = Self.key(secret)
        let stored = Stored(value: value, expiresAt: now + lifetime)
        let write = try await store.writeEntry(namespace, key: key, value: EntryJSON.encode(stored), expiresAt: now + 2 * lifetime,
                                               now: now, when: .absent)
        // Secrets are random (≥ 128 bits): a repeat would be a broken generator, not a collision.
        precondition(write.entry != nil, "a login secret was generated twice")
        for evicted in budget.withLock({ $0.use(key, until: now + 2 * lifetime, now: now) }) {
            _ = try? await store.deleteEntry(namespace, key: evicted, ifVersion: nil)
        }
    }

    /// The value, once; then `used`. Past its expiry, `expired`.
    func take(_ secret: String, now: Date) async throws -> Taken {
        budget.withLock { $0.sweep(now: now) }
        let key = Self.key(secret)
        for _ in 0..<4 {
            guard let entry = try await store.entry(namespace, key: key, now: now),
                  var stored = EntryJSON.decode(Stored.self, from: entry) else { return .unknown }
            guard let value = stored.value else { return .used }
            guard now < stored.expiresAt else { return .expired }
            stored.value = nil
            let write = try await store.writeEntry(namespace, key: key, value: EntryJSON.encode(stored), expiresAt: entry.expiresAt,
                                                   now: now, when: .version(entry.version))
            if write.entry != nil { return .value(value) }
        }
        return .used
    }
}

/// How a table's secrets are made and recognised.
struct SecretKind: Sendable {
    let make: @Sendable () -> String
    let isWellFormed: @Sendable (String) -> Bool

    static let loginState = SecretKind(make: WebLoginSecrets.state, isWellFormed: WebLoginSecrets.isState)
    static let loginTicket = SecretKind(make: WebLoginSecrets.ticket, isWellFormed: WebLoginSecrets.isTicket)
}
