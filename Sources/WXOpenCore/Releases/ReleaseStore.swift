import Foundation
import WXOpenSupport

/// A value read from an entry, with the version a compare-and-swap needs.
struct Versioned<Value: Sendable>: Sendable {
    var value: Value
    var version: Int64
}

/// Rollouts and their accounts in the store's entries (kept until deleted: `StoredEntry.noExpiry`),
/// every change a compare-and-swap on one entry: several instances on one database may work on
/// one rollout, and each account's step is taken by whoever swaps first.
struct ReleaseStore: Sendable {
    static let rollouts = EntryNamespace("release_rollout", secret: false)
    /// Keyed `<rollout id>/<appid>`, so a rollout's accounts are one prefix.
    static let accounts = EntryNamespace("release_account", secret: false)
    /// Compare-and-swaps lost in a row before an update gives up (others keep winning).
    static let updateAttempts = 16

    let store: any Store
    let clock: any WallClock

    func rollout(_ id: String) async throws -> Versioned<Rollout>? {
        try await store.entry(Self.rollouts, key: id, now: clock.now()).flatMap(Self.decode)
    }

    /// Every rollout, oldest first (ids sort by creation time).
    func rollouts() async throws -> [Versioned<Rollout>] {
        try await all(Self.rollouts, prefix: "").compactMap(Self.decode)
    }

    func account(_ rolloutID: String, _ appID: String) async throws -> Versioned<RolloutAccount>? {
        try await store.entry(Self.accounts, key: Self.accountKey(rolloutID, appID), now: clock.now()).flatMap(Self.decode)
    }

    /// A rollout's accounts in appid order.
    func accounts(of rolloutID: String) async throws -> [Versioned<RolloutAccount>] {
        try await all(Self.accounts, prefix: rolloutID + "/").compactMap(Self.decode)
    }

    /// Writes a new record; false when the key is taken.
    func insert(_ rollout: Rollout) async throws -> Bool {
        try await write(Self.rollouts, key: rollout.id, rollout, when: .absent) != nil
    }

    func insert(_ account: RolloutAccount, into rolloutID: String) async throws -> Bool {
        try await write(Self.accounts, key: Self.accountKey(rolloutID, account.appID), account, when: .absent) != nil
    }

    /// Replaces `current` with `next` if no one changed it since; nil when someone did.
    func replace(_ current: Versioned<RolloutAccount>, with next: RolloutAccount, in rolloutID: String) async throws
        -> Versioned<RolloutAccount>? {
        try await write(Self.accounts, key: Self.accountKey(rolloutID, next.appID), next, when: .version(current.version))
    }

    /// Reads, changes and swaps until it holds: `change` returns false to leave the record as it
    /// is. Returns the record as stored afterwards (nil when there is none).
    @discardableResult
    func updateRollout(_ id: String, _ change: (inout Rollout) throws -> Bool) async throws -> Rollout? {
        for _ in 0 ..< Self.updateAttempts {
            guard let current = try await rollout(id) else { return nil }
            var next = current.value
            guard try change(&next) else { return current.value }
            if try await write(Self.rollouts, key: id, next, when: .version(current.version)) != nil { return next }
        }
        throw StoreError.invalidRequest("rollout \(id) kept changing under \(Self.updateAttempts) updates in a row")
    }

    /// `updateRollout` for one account of a rollout.
    @discardableResult
    func updateAccount(_ rolloutID: String, _ appID: String, _ change: (inout RolloutAccount) throws -> Bool) async throws
        -> Versioned<RolloutAccount>? {
        for _ in 0 ..< Self.updateAttempts {
            guard let current = try await account(rolloutID, appID) else { return nil }
            var next = current.value
            guard try change(&next) else { return current }
            if let written = try await replace(current, with: next, in: rolloutID) { return written }
        }
        throw StoreError.invalidRequest("account \(appID) of rollout \(rolloutID) kept changing under \(Self.updateAttempts) updates in a row")
    }

    static func accountKey(_ rolloutID: String, _ appID: String) -> String { rolloutID + "/" + appID }

    private func write<Value: Codable & Sendable>(_ namespace: EntryNamespace, key: String, _ value: Value,
                                                  when condition: EntryCondition) async throws -> Versioned<Value>? {
        let written = try await store.writeEntry(namespace, key: key, value: EntryJSON.encode(value), expiresAt: StoredEntry.noExpiry,
                                                 now: clock.now(), when: condition)
        return written.entry.map { Versioned(value: value, version: $0.version) }
    }

    private func all(_ namespace: EntryNamespace, prefix: String) async throws -> [StoredEntry] {
        var entries: [StoredEntry] = []
        var after: String?
        while true {
            let page = try await store.entries(namespace, keyPrefix: prefix, after: after, limit: entryPageLimit, now: clock.now())
            entries += page
            guard page.count == entryPageLimit, let last = page.last else { return entries }
            after = last.key
        }
    }

    /// A value this version cannot read (written by a newer one) is left out, not a failure.
    private static func decode<Value: Decodable & Sendable>(_ entry: StoredEntry) -> Versioned<Value>? {
        EntryJSON.decode(Value.self, from: entry).map { Versioned(value: $0, version: entry.version) }
    }
}
