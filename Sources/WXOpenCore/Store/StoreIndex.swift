import Foundation

/// Everything a store holds in memory, with the indexes its queries need. `MemoryStore` is this
/// behind a lock; `FileStore` is this rebuilt from disk and kept in step with its journal.
///
/// Authorizers live in `records` by slot (append-only: a record never moves), packed into one
/// buffer each (`PackedAuthorizer`); `order` lists slots sorted by appid, so a page is a binary
/// search plus a short walk, and `slots` finds a slot by appid. What filters look at sits in
/// arrays of its own, by slot: `filterKeys` is plain data and `search` one contiguous arena,
/// so a filtered scan of 200,000 accounts touches no reference counts. The raw info and the
/// event history are not here: the file store keeps where they are on disk (`rawInfo`,
/// `eventHeads`), the memory store keeps them beside the index.
struct StoreIndex: Sendable {
    /// What filters and orders need, as plain values.
    struct FilterKey: Sendable, Equatable {
        var status: AuthorizerStatus
        var type: AccountType
        /// `accessTokenExpiresAt` in seconds since 2001; -infinity when there is no token.
        var expiry: Double
        /// `authorizedAt` likewise; -infinity when never authorized.
        var authorizedAt: Double
        /// `SlotTable.hash` of the ref, 0 without one: an exact ref filter compares records only on a hit.
        var refHash: UInt32

        init(status: AuthorizerStatus, type: AccountType, expiry: Double?, authorizedAt: Double?, refHash: UInt32) {
            self.status = status
            self.type = type
            self.expiry = expiry ?? -.infinity
            self.authorizedAt = authorizedAt ?? -.infinity
            self.refHash = refHash
        }

        init(_ record: AuthorizerRecord) {
            self.init(status: record.status, type: record.accountType, expiry: record.accessTokenExpiresAt?.timeIntervalSinceReferenceDate,
                      authorizedAt: record.authorizedAt?.timeIntervalSinceReferenceDate,
                      refHash: record.ref.map { $0.withPackedUTF8(StoreIndex.refHash) } ?? 0)
        }
    }

    /// An authorizer made ready for the index, off the lock (and on every core when loading).
    struct PreparedAuthorizer: Sendable {
        let packed: PackedAuthorizer
        let searchText: [UInt8]
        let key: FilterKey

        init(packed: PackedAuthorizer, searchText: [UInt8], key: FilterKey) {
            self.packed = packed
            self.searchText = searchText
            self.key = key
        }

        init(_ record: AuthorizerRecord) {
            self.init(packed: PackedAuthorizer(record), searchText: SearchText.of(record), key: FilterKey(record))
        }
    }

    private(set) var tickets: [String: StoredTicket] = [:]
    private(set) var componentTokens: [String: StoredComponentToken] = [:]
    private(set) var records: [PackedAuthorizer] = []
    private(set) var filterKeys: [FilterKey] = []
    private(set) var search = SearchArena()
    private var slots = SlotTable()
    /// Slot numbers in ascending appid order.
    private(set) var order: [Int32] = []
    /// The name, authorization time and token expiry orders, built on first use (`StoreIndex+Sorting`).
    var sortedOrders = [SortedOrder](repeating: SortedOrder(), count: 3)
    /// The last search's matches, while no search text has changed since.
    var searchCache: (needle: [UInt8], generation: UInt64, matches: SlotBitmap)?
    /// The file store's: where each account's raw info is on disk (`RawInfoLocation.none`: none).
    private(set) var rawInfo: [RawInfoLocation] = []
    /// The file store's: the event archive position of each account's newest event (0: none),
    /// and of appids that are no account's.
    private(set) var eventHeads: [Int64] = []
    private(set) var otherEventHeads: [String: Int64] = [:]
    /// The id the next appended event gets; never reused, even after old events are dropped.
    private(set) var nextEventID: Int64 = 1
    /// Counts by status and type together, so `totalMatching` for those filters needs no scan.
    private(set) var counts: [AuthorizerStatus: [AccountType: Int]] = [:]
    /// Entries (`StoredEntry`) by namespace, values as stored (sealed in secret namespaces).
    private(set) var entries = EntryTables()
    private(set) var lastEntryVersion: Int64 = 0
    /// Deliveries for the platform's services, payloads as stored (sealed under a key).
    private(set) var outbox = OutboxIndex()
    init() {}

    var authorizerCount: Int { records.count }

    /// Room for `count` authorizers, so that loading a snapshot neither rehashes nor regrows as it goes.
    mutating func reserveCapacity(authorizers count: Int) {
        records.reserveCapacity(count)
        filterKeys.reserveCapacity(count)
        order.reserveCapacity(count)
        rawInfo.reserveCapacity(count)
        eventHeads.reserveCapacity(count)
        slots.reserveCapacity(count)
        search.reserveCapacity(slots: count, bytes: count * 120)
    }

    func ticket(componentAppID: String) -> StoredTicket? { tickets[componentAppID] }
    func componentToken(componentAppID: String) -> StoredComponentToken? { componentTokens[componentAppID] }
    func entry(_ namespace: EntryNamespace, key: String) -> StoredEntry? {
        entries.entry(namespace.name, key: key)
    }

    func slot(of appID: String) -> Int? {
        appID.withPackedUTF8(slot(utf8:))
    }

    private func slot(utf8 key: UnsafeBufferPointer<UInt8>) -> Int? {
        slots.lookup(hash: SlotTable.hash(key)) { records[$0].compareAppID(key) == 0 }
    }

    func authorizer(appID: String) -> AuthorizerRecord? {
        slot(of: appID).map { records[$0].record }
    }

    /// Every authorizer's slot in appid order (what a snapshot writes).
    var slotsInOrder: [Int32] { order }

    mutating func apply(_ change: StoreChange, prepared: PreparedAuthorizer? = nil) {
        switch change {
        case .ticket(let ticket):
            tickets[ticket.componentAppID] = ticket
        case .componentToken(let token):
            componentTokens[token.componentAppID] = token
        case .componentTokenDelete(let componentAppID):
            componentTokens[componentAppID] = nil
        case .authorizer(let record):
            let slot = upsert(prepared ?? PreparedAuthorizer(record))
            // Without details there is no raw info to keep.
            if record.info == nil { rawInfo[slot] = .none }
        case .event(let event):
            nextEventID = max(nextEventID, event.id + 1)
        case .entry(let entry):
            entries.apply(entry)
            lastEntryVersion = max(lastEntryVersion, entry.version)
        case .delivery(let delivery, let dedupe):
            if let dedupe { apply(.entry(dedupe)) }
            outbox.upsert(delivery)
        case .deliveryDelete(let id):
            outbox.remove(id: id)
        }
    }

    /// A snapshot's authorizer, decoded straight into its packed form: what `apply(.authorizer)`,
    /// `setRawInfo` and `setEventHead` do for a decoded record, with one appid lookup, not three.
    mutating func apply(_ line: SnapshotAuthorizerLine) {
        let slot = upsert(line.prepared)
        if !line.hasInfo { rawInfo[slot] = .none }
        if let location = line.rawInfo { rawInfo[slot] = location }
        if let head = line.eventHead { eventHeads[slot] = head }
    }

    /// Where `appID`'s raw info now is (the account must be stored).
    mutating func setRawInfo(_ location: RawInfoLocation, appID: String) {
        guard let slot = slot(of: appID) else { preconditionFailure("StoreIndex: raw info for an unknown account") }
        rawInfo[slot] = location
    }

    func rawInfoLocation(appID: String) -> RawInfoLocation? {
        slot(of: appID).map { rawInfo[$0] }.flatMap { $0.isNone ? nil : $0 }
    }

    /// After compaction moved raw info to new places: `relocate` gives each location's new one.
    mutating func relocateRawInfo(_ relocate: (Int, RawInfoLocation) -> RawInfoLocation) {
        for slot in rawInfo.indices where !rawInfo[slot].isNone { rawInfo[slot] = relocate(slot, rawInfo[slot]) }
    }

    func eventHead(appID: String) -> Int64? {
        let head = slot(of: appID).map { eventHeads[$0] } ?? otherEventHeads[appID] ?? 0
        return head == 0 ? nil : head
    }

    mutating func setEventHead(_ position: Int64, appID: String) {
        if let slot = slot(of: appID) { eventHeads[slot] = position } else { otherEventHeads[appID] = position }
    }

    /// See `OutboxIndex.releaseLeases`.
    mutating func releaseOutboxLeases() {
        outbox.releaseLeases()
    }

    /// Live entries, in a stable order (what a snapshot writes).
    func liveEntries(at now: Date) -> [StoredEntry] {
        entries.live(at: now)
    }

    /// Keeps ids increasing across a snapshot that holds fewer events than were ever appended.
    mutating func raiseNextEventID(to id: Int64) {
        nextEventID = max(nextEventID, id)
    }

    @discardableResult
    private mutating func upsert(_ prepared: PreparedAuthorizer) -> Int {
        let key = prepared.key
        if let slot = prepared.packed.withAppID(slot(utf8:)) {
            let old = filterKeys[slot]
            adjustCounts(old, by: -1)
            let searchGeneration = search.generation
            records[slot] = prepared.packed
            filterKeys[slot] = key
            search.set(prepared.searchText, for: slot)
            markSorted(slot, nameChanged: search.generation != searchGeneration, old: old, new: key)
            adjustCounts(key, by: 1)
            return slot
        }
        let slot = records.count
        // Worked out before any array is touched, so no copy of `self` is alive while
        // they grow (a growing array that is not uniquely referenced copies every record).
        let position = prepared.packed.withAppID(insertionPosition(for:))
        // A new appid is one binary search and one insertion into an array of 4-byte slot
        // numbers (a memmove of at most 4 MB at 1,000,000 accounts), far below one fsync.
        order.insert(Int32(slot), at: position)
        slots.insert(hash: prepared.packed.withAppID(SlotTable.hash), slot: slot)
        records.append(prepared.packed)
        filterKeys.append(key)
        rawInfo.append(.none)
        // (Loading a snapshot has no other heads yet: no appid String is made for the look.)
        eventHeads.append(otherEventHeads.isEmpty ? 0 : otherEventHeads.removeValue(forKey: prepared.packed.appID) ?? 0)
        search.set(prepared.searchText, for: slot)
        markSorted(slot, nameChanged: true, old: nil, new: key)
        adjustCounts(key, by: 1)
        return slot
    }

    /// Where a new appid goes in `order`. A snapshot lists appids in order, so loading one takes
    /// the first test every time.
    private func insertionPosition(for key: UnsafeBufferPointer<UInt8>) -> Int {
        if let last = order.last, records[Int(last)].compareAppID(key) < 0 { return order.count }
        return firstPosition(after: key, inclusive: true)
    }

    private mutating func adjustCounts(_ key: FilterKey, by delta: Int) {
        counts[key.status, default: [:]][key.type, default: 0] += delta
    }

    /// The first position in `order` whose appid is greater than (or, `inclusive`, not less than) `appID`.
    func firstPosition(after appID: UnsafeBufferPointer<UInt8>, inclusive: Bool) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            let comparison = records[Int(order[middle])].compareAppID(appID)
            if comparison < 0 || (!inclusive && comparison == 0) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    static func refHash(_ ref: String) -> UInt32 {
        ref.withPackedUTF8(refHash)
    }

    static func refHash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt32 {
        max(1, SlotTable.hash(utf8))
    }
}
