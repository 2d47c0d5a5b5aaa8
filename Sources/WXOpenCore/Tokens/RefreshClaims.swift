import Foundation
import WXOpenSupport

/// One upstream refresh per token across every instance on a store.
///
/// Before calling WeChat an instance claims the token: it inserts the entry `token_refresh/KEY`
/// if absent (`writeEntry(… when: .absent)`), with a lease. The store decides the insert in its
/// serialized mutation step (PostgreSQL: under the row's lock, or the key's advisory transaction
/// lock while there is no row), so of two instances one wins. The winner stores the new token,
/// then marks its claim done (`done HOLDER`, kept until the lease ends, so that another
/// instance's refresher passing by skips the account it just refreshed); a loser waits for the
/// claim to be let go or marked done and reads the winner's token from the store instead of
/// calling WeChat, and a caller that needs another refresh takes a done claim over at once. A
/// refresh that failed lets its claim go (deletes it), so the next try need not wait. A claim whose holder died expires with its lease and is
/// taken over. The lock is held only for the claim's insert, never across the WeChat call: an
/// advisory lock held that long would pin one of the pool's few connections per refresh, and the
/// file store has no such lock; an entry works the same on every backend.
///
/// Who holds what is visible in the store (the value is the holder's instance id), and the
/// refresher claims whole batches of accounts the same way (`claim`).
struct RefreshClaims: Sendable {
    static let namespace = EntryNamespace("token_refresh", secret: false)

    let store: any Store
    let clock: any WallClock
    /// How long a claim holds before another instance may take over; also how long, in real
    /// seconds, a loser waits for a claimant that went quiet (its clock need not be ours).
    let lease: TimeInterval
    /// This instance, in the claims it writes.
    let owner: String
    let logger: Logger

    /// How often a loser looks whether the claim has gone.
    static let pollInterval: Duration = .milliseconds(20)
    /// The value of a claim whose refresh is done.
    static let donePrefix = "done "

    /// `refresh` run once across instances. `done` reads the store and returns what is stored
    /// when no refresh is needed any more (another caller or instance stored a token meanwhile).
    /// `held` is a claim the caller already holds (the refresher's batch), used while it lasts.
    func run<Value: Sendable>(_ key: String, held: StoredEntry? = nil, done: @Sendable () async throws -> Value?,
                              refresh: @Sendable () async throws -> Value) async throws -> Value {
        var held = held.flatMap { $0.isLive(at: clock.now()) ? $0 : nil }
        for _ in 0..<4 {
            if let result = try await done() {
                if let held { await release(held, refreshed: true) }
                return result
            }
            let claim: StoredEntry
            if let held {
                claim = held
            } else {
                let now = clock.now()
                switch try await store.writeEntry(Self.namespace, key: key, value: owner, expiresAt: now + lease, now: now, when: .absent) {
                case .written(let written):
                    claim = written
                case .refused(let current):
                    guard let current else { continue }
                    let released = current.value.hasPrefix(Self.donePrefix) ? false : try await waitForRelease(of: current)
                    if !released {
                        // Done already, or the holder went quiet for a whole lease: take the claim over as it is.
                        let now = clock.now()
                        held = try await store.writeEntry(Self.namespace, key: key, value: owner, expiresAt: now + lease, now: now,
                                                          when: .version(current.version)).entry
                    }
                    continue
                }
            }
            held = nil
            // The holder before us may have stored its token just before it let go.
            if let result = try await done() {
                await release(claim, refreshed: true)
                return result
            }
            do {
                let result = try await refresh()
                await release(claim, refreshed: true)
                return result
            } catch {
                await release(claim, refreshed: false)
                throw error
            }
        }
        // Claims kept changing hands: a second upstream call beats failing the caller.
        logger.warning("token_refresh_unclaimed", ["key": key])
        return try await refresh()
    }

    /// Claims those of `keys` nobody holds, for the refresher: one store call for a batch.
    func claim(_ keys: [String]) async throws -> [StoredEntry] {
        let now = clock.now()
        return try await store.claimEntries(Self.namespace, keys: keys, value: owner, expiresAt: now + lease, now: now)
    }

    /// Ends a claim this instance holds: marked done after a refresh (it then expires with its
    /// lease), deleted otherwise. A failure (the store is down) leaves it to expire.
    func release(_ claim: StoredEntry, refreshed: Bool) async {
        do {
            if refreshed {
                try await store.writeEntry(Self.namespace, key: claim.key, value: Self.donePrefix + owner, expiresAt: claim.expiresAt,
                                           now: clock.now(), when: .version(claim.version))
            } else {
                try await store.deleteEntry(Self.namespace, key: claim.key, ifVersion: claim.version)
            }
        } catch {
            logger.warning("token_refresh_claim_kept", ["key": claim.key, "error": "\(error)", "effect": "it expires with its lease"])
        }
    }

    /// Waits until the claim is gone or replaced (true), or a lease's worth of real time has
    /// passed without either (false).
    private func waitForRelease(of claim: StoredEntry) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(lease * 1000))
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: Self.pollInterval)
            let current = try await store.entry(Self.namespace, key: claim.key, now: clock.now())
            if current?.version != claim.version || current?.value.hasPrefix(Self.donePrefix) == true { return true }
        }
        return false
    }
}
