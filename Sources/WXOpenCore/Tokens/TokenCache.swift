import Synchronization

/// Records read from the store, kept in memory so that a warm token read touches no database:
/// what the token managers serve from. A value is only ever one the store returned, and it is
/// dropped when the store announces that its record changed (`StoreNotice`, wired in
/// `PlatformApp+Notices.swift`), by this instance or another.
///
/// A read that was in flight when its key was dropped does not fill the cache: its answer may
/// predate the change. So a write never fills the cache either (its own notice drops the key);
/// the next read does, from the store. While the store is unreachable, what is held is still
/// served (a valid token stays valid), and nothing new is learnt; that includes what `removeAll`
/// dropped (the database connection that carries notices was re-opened, so anything may have
/// changed) until the store answers again, since while it cannot be reached nobody could
/// change it there.
final class TokenCache<Value: Sendable>: Sendable {
    private struct State {
        var values: [String: Value] = [:]
        /// The generation before `values`: still served, dropped whole when `values` fills up.
        /// (Evicting one value at a time at `startIndex` empties the front of the hash table and
        /// packs the rest, until every lookup probes thousands of buckets.)
        var previous: [String: Value] = [:]
        /// What `removeAll` dropped: served only when the store cannot be reached.
        var unconfirmed: [String: Value] = [:]
        /// Reads of the store under way, by key: the generation they began in, bumped by a drop.
        var reads: [String: (generation: UInt64, readers: Int)] = [:]
        /// Bumped by `removeAll`, which drops every key at once.
        var epoch: UInt64 = 0
    }

    private struct Read {
        let generation: UInt64
        let epoch: UInt64
    }

    /// Values held at most, in two generations of half as many: past it the older half goes
    /// (a cache, not a store).
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 20_000) {
        self.capacity = max(1, capacity)
    }

    func value(_ key: String) -> Value? {
        state.withLock { $0.values[key] ?? $0.previous[key] }
    }

    /// The store's value for `key`, read by `read`, and kept unless the key was dropped meanwhile.
    func load(_ key: String, _ read: () async throws -> Value?) async throws -> Value? {
        let started = begin(key)
        do {
            let value = try await read()
            finish(key, started, value, confirmed: true)
            return value
        } catch StoreError.unavailable(let store, let detail) {
            finish(key, started, nil)
            if let held = state.withLock({ $0.unconfirmed[key] }) { return held }
            throw StoreError.unavailable(store: store, detail: detail)
        } catch {
            finish(key, started, nil)
            throw error
        }
    }

    /// The store says `key` changed.
    func remove(_ key: String) {
        state.withLock { state in
            state.values[key] = nil
            state.previous[key] = nil
            state.unconfirmed[key] = nil
            state.reads[key]?.generation += 1
        }
    }

    /// Notices may have been missed: nothing held can be trusted.
    func removeAll() {
        state.withLock { state in
            let held = state.values.merging(state.previous) { newer, _ in newer }
            state.unconfirmed.merge(held) { _, held in held }
            if state.unconfirmed.count > capacity { state.unconfirmed = held }
            state.values.removeAll()
            state.previous.removeAll()
            state.epoch += 1
        }
    }

    var count: Int { state.withLock { $0.values.count + $0.previous.count } }

    private func begin(_ key: String) -> Read {
        state.withLock { state in
            let generation = state.reads[key]?.generation ?? 0
            state.reads[key] = (generation, (state.reads[key]?.readers ?? 0) + 1)
            return Read(generation: generation, epoch: state.epoch)
        }
    }

    /// `confirmed`: the store answered (with `value`, nil for no record).
    private func finish(_ key: String, _ read: Read, _ value: Value?, confirmed: Bool = false) {
        state.withLock { state in
            guard let current = state.reads[key] else { return }
            state.reads[key] = current.readers > 1 ? (current.generation, current.readers - 1) : nil
            if confirmed { state.unconfirmed[key] = nil }
            guard let value, current.generation == read.generation, state.epoch == read.epoch else { return }
            if state.values[key] == nil, state.values.count >= max(1, capacity / 2) {
                state.previous = state.values
                state.values = [:]
            }
            state.previous[key] = nil
            state.values[key] = value
        }
    }
}
