import Foundation
import Synchronization
import WXOpenSupport

/// Which accounts' tokens were read lately (hot): under policy `hot` the refresher keeps only
/// those fresh ahead of time.
///
/// A read is noted in memory: the warm path takes one lock and touches no store. Other
/// instances learn of it from a stamp in the store, the entry `token_read/APPID` holding the
/// read's time and expiring `window` + `stampInterval` later, so a live entry means a hot
/// account (the extra hour because later reads in a stamp's hour are not stamped: an account is
/// hot at least `window` after its last read, at most an hour more). The refresher's pass writes
/// the stamps (`flush`), at most one per account per `stampInterval` whichever instances read it:
/// an insert-if-absent, and a compare-and-swap only over a stamp more than that old.
///
/// Why an entry and not a field of the authorizer record: a stamp costs a line of ~100 bytes in
/// the journal (one small row in PostgreSQL), where a record write is the whole record, account
/// info included, and drops every instance's cached copy of it. Hot accounts are also refreshed
/// about 12 times a day, so an hourly stamp at most doubles their store writes in count and
/// adds little in bytes.
final class HotAccounts: Sendable {
    static let namespace = EntryNamespace("token_read", secret: false)
    /// The coarseness of stamps: one store write per account per hour at most.
    static let stampInterval: TimeInterval = 3600
    /// How often the store's stamps (other instances' reads) are read again. Meanwhile the
    /// instance that had the read refreshes the account.
    static let recheckInterval: TimeInterval = 3600
    /// Stamps written at once by `flush` (the file store's group commit takes them together).
    static let flushWidth = 32

    let window: TimeInterval
    private let store: any Store
    private let clock: any WallClock
    private let logger: Logger

    private struct State {
        /// The last read known per account: this instance's, or a stamp found in the store.
        var lastRead: [String: Date] = [:]
        /// Read here, not yet stamped in the store.
        var pending: Set<String> = []
        /// When the store's stamps were last read, all of them.
        var lastSync = Date.distantPast
        var lastPrune = Date.distantPast
    }

    private let state = Mutex(State())

    init(window: TimeInterval, store: any Store, clock: any WallClock, logger: Logger) {
        self.window = window
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// How long after a read an account stays hot.
    var hotFor: TimeInterval { window + Self.stampInterval }

    /// `appID`'s token was read (the warm path).
    func noteRead(_ appID: String) {
        let now = clock.now()
        state.withLock { state in
            if let last = state.lastRead[appID], now.timeIntervalSince(last) < Self.stampInterval { return }
            state.lastRead[appID] = now
            state.pending.insert(appID)
        }
    }

    /// Reads noted here and not yet stamped in the store.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Accounts with a read known here (this instance's or a stamp's): what memory holds.
    var knownCount: Int { state.withLock { $0.lastRead.count } }

    /// Writes the stamps of the reads noted since the last flush; one that fails is tried again
    /// at the next.
    func flush() async {
        let now = clock.now()
        let due: [(String, Date)] = state.withLock { state in
            defer { state.pending.removeAll() }
            prune(&state, now: now)
            return state.pending.compactMap { appID in state.lastRead[appID].map { (appID, $0) } }
        }
        guard !due.isEmpty else { return }
        var failed: [String] = []
        await withTaskGroup(of: String?.self) { group in
            var next = due.makeIterator()
            func start(_ item: (String, Date)) {
                group.addTask { await self.stamp(item.0, read: item.1, now: now) ? nil : item.0 }
            }
            for _ in 0..<Self.flushWidth { if let item = next.next() { start(item) } }
            while let result = await group.next() {
                if let result { failed.append(result) }
                if let item = next.next() { start(item) }
            }
        }
        if !failed.isEmpty {
            logger.warning("token_read_stamps_deferred", ["count": "\(failed.count)", "effect": "written at the next refresh pass"])
            state.withLock { $0.pending.formUnion(failed) }
        }
    }

    /// The hot ones among `appIDs`: read here, or stamped in the store by another instance.
    /// The stamps are read all at once, once per `recheckInterval`, so what is held here grows
    /// with the hot accounts only: asking after each cold account and remembering the answer
    /// cost ~100 bytes for every account the refresher listed.
    func hot(among appIDs: [String]) async -> Set<String> {
        await readStampsIfDue()
        let now = clock.now()
        return state.withLock { state in
            Set(appIDs.filter { appID in state.lastRead[appID].map { now.timeIntervalSince($0) < hotFor } ?? false })
        }
    }

    /// Every live stamp into `lastRead`, page by page, when `recheckInterval` has passed since
    /// the last time; a failure is logged and tried again at the next call.
    private func readStampsIfDue() async {
        let now = clock.now()
        guard state.withLock({ now.timeIntervalSince($0.lastSync) >= Self.recheckInterval }) else { return }
        var after: String?
        do {
            while true {
                let page = try await store.entries(Self.namespace, keyPrefix: "", after: after, limit: entryPageLimit, now: now)
                guard let last = page.last else { break }
                state.withLock { state in
                    for entry in page {
                        guard let seconds = Double(entry.value) else { continue }
                        let read = Date(timeIntervalSince1970: seconds)
                        state.lastRead[entry.key] = max(read, state.lastRead[entry.key] ?? .distantPast)
                    }
                }
                after = last.key
            }
            state.withLock { $0.lastSync = now }
        } catch {
            logger.warning("token_read_stamps_unreadable", ["error": "\(error)", "effect": "accounts read only on other instances count as cold until the stamps are read"])
        }
    }

    /// True when stamped (or a stamp under an hour old was there already).
    private func stamp(_ appID: String, read: Date, now: Date) async -> Bool {
        let value = String(Int(read.timeIntervalSince1970))
        do {
            switch try await store.writeEntry(Self.namespace, key: appID, value: value, expiresAt: read + hotFor, now: now, when: .absent) {
            case .written, .refused(nil):
                return true
            case .refused(let current?):
                let held = Double(current.value).map { Date(timeIntervalSince1970: $0) } ?? .distantPast
                if read.timeIntervalSince(held) < Self.stampInterval { return true }
                // Another instance may swap first: its stamp is as good as ours.
                try await store.writeEntry(Self.namespace, key: appID, value: value, expiresAt: read + hotFor, now: now,
                                           when: .version(current.version))
                return true
            }
        } catch {
            return false
        }
    }

    /// Forgets what no longer matters, once an hour: reads older than `hotFor` (the store's
    /// stamp says as much).
    private func prune(_ state: inout State, now: Date) {
        guard now.timeIntervalSince(state.lastPrune) >= Self.stampInterval else { return }
        state.lastPrune = now
        state.lastRead = state.lastRead.filter { now.timeIntervalSince($0.value) < hotFor || state.pending.contains($0.key) }
    }
}
