import Foundation
import WXOpenSupport

/// Counts failed console logins per client address in a sliding window: past the limit, the
/// address is refused (429) until its oldest failure leaves the window, without the password
/// even being checked. This bounds guessing to a few passwords a minute per address, across
/// every instance and restart: the failures are kept in the store (entries in
/// `console_login_failures`, keyed by address, gone when the window has passed).
struct LoginThrottle: Sendable {
    static let namespace = EntryNamespace("console_login_failures", secret: false)

    private struct Failures: Codable {
        var at: [Date]
    }

    let store: any Store
    let clock: any WallClock
    let limit: Int
    let window: TimeInterval

    init(store: any Store, clock: any WallClock, limit: Int, window: TimeInterval) {
        self.store = store
        self.clock = clock
        self.limit = max(1, limit)
        self.window = window
    }

    /// Seconds until `host` may try again, or nil when it may try now.
    func retryAfter(for host: String) async throws -> TimeInterval? {
        let now = clock.now()
        let recent = try await failures(host, now: now)?.recent
        guard let recent, recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, window - now.timeIntervalSince(oldest))
    }

    /// Adds a failure (compare-and-swap on the entry, so two instances' failures both count).
    func recordFailure(for host: String) async throws {
        for _ in 0..<8 {
            let now = clock.now()
            let current = try await failures(host, now: now)
            let recent = Array(((current?.recent ?? []) + [now]).suffix(limit))
            let write = try await store.writeEntry(Self.namespace, key: host, value: EntryJSON.encode(Failures(at: recent)),
                                                   expiresAt: now + window, now: now,
                                                   when: current.map { .version($0.entry.version) } ?? .absent)
            if write.entry != nil { return }
        }
    }

    /// A successful login clears the address's failures.
    func reset(for host: String) async throws {
        try await store.deleteEntry(Self.namespace, key: host, ifVersion: nil)
    }

    /// The live entry and its failures still inside the window, oldest first.
    private func failures(_ host: String, now: Date) async throws -> (entry: StoredEntry, recent: [Date])? {
        guard let entry = try await store.entry(Self.namespace, key: host, now: now) else { return nil }
        let recent = (EntryJSON.decode(Failures.self, from: entry)?.at ?? []).filter { now.timeIntervalSince($0) < window }
        return (entry, recent)
    }
}
