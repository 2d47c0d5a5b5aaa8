import Foundation

/// Everything a store holds, in memory, with the indexes its queries need. `MemoryStore` is this
/// behind a lock; `FileStore` is this rebuilt from disk and kept in step with its journal.
///
/// Authorizers live in `records` by slot (append-only: a record never moves) and `order` lists
/// slots sorted by appid, so a page is a binary search plus a short walk. What filters look at
/// sits in arrays of its own, by slot: `filterKeys` is plain data and `haystacks` is bytes, so a
/// filtered scan of 100,000 accounts touches no reference counts and takes a few milliseconds.
struct StoreIndex: Sendable {
    /// What status, type and expiry filters need, as plain values.
    struct FilterKey: Sendable {
        var status: AuthorizerStatus
        var type: AccountType
        /// `accessTokenExpiresAt` in seconds since 2001; -infinity when there is no token.
        var expiry: Double

        init(_ record: AuthorizerRecord) {
            status = record.status
            type = record.accountType
            expiry = record.accessTokenExpiresAt?.timeIntervalSinceReferenceDate ?? -.infinity
        }
    }

    private(set) var tickets: [String: StoredTicket] = [:]
    private(set) var componentTokens: [String: StoredComponentToken] = [:]
    private(set) var records: [AuthorizerRecord] = []
    private(set) var filterKeys: [FilterKey] = []
    /// Folded (`fold`) nickname, principal name, user name, alias and appid, NUL-separated: what
    /// `search` matches, prepared once per write instead of once per query.
    private(set) var haystacks: [[UInt8]] = []
    private var slotByAppID: [String: Int] = [:]
    /// Slot numbers in ascending appid order.
    private(set) var order: [Int32] = []
    private(set) var events: EventLog
    /// The id the next appended event gets; never reused, even after old events are dropped.
    private(set) var nextEventID: Int64 = 1
    /// Counts by status and type together, so `totalMatching` for those filters needs no scan.
    private(set) var counts: [AuthorizerStatus: [AccountType: Int]] = [:]
    /// Entries (`StoredEntry`) by namespace, values as stored (sealed in secret namespaces).
    private(set) var entries = EntryTables()
    private(set) var lastEntryVersion: Int64 = 0
    /// Deliveries for the platform's services, payloads as stored (sealed under a key).
    private(set) var outbox = OutboxIndex()
    init(eventCapacity: Int = 10_000) {
        events = EventLog(capacity: eventCapacity)
    }

    var authorizerCount: Int { records.count }

    /// Room for `count` authorizers, so that loading a snapshot neither rehashes the appid
    /// dictionary nor regrows the arrays as it goes.
    mutating func reserveCapacity(authorizers count: Int) {
        records.reserveCapacity(count)
        filterKeys.reserveCapacity(count)
        haystacks.reserveCapacity(count)
        order.reserveCapacity(count)
        slotByAppID.reserveCapacity(count)
    }

    func ticket(componentAppID: String) -> StoredTicket? { tickets[componentAppID] }
    func componentToken(componentAppID: String) -> StoredComponentToken? { componentTokens[componentAppID] }
    func entry(_ namespace: EntryNamespace, key: String) -> StoredEntry? {
        entries.entry(namespace.name, key: key)
    }

    func authorizer(appID: String) -> AuthorizerRecord? {
        slotByAppID[appID].map { records[$0] }
    }

    /// Authorizers in appid order (what a snapshot writes).
    var authorizersInOrder: LazyMapSequence<[Int32], AuthorizerRecord> {
        order.lazy.map { records[Int($0)] }
    }

    /// `haystack`, when given, is `haystack(for:)` of the authorizer, prepared ahead (loading
    /// builds them on all cores).
    mutating func apply(_ change: StoreChange, haystack: [UInt8]? = nil) {
        switch change {
        case .ticket(let ticket):
            tickets[ticket.componentAppID] = ticket
        case .componentToken(let token):
            componentTokens[token.componentAppID] = token
        case .componentTokenDelete(let componentAppID):
            componentTokens[componentAppID] = nil
        case .authorizer(let record):
            upsert(record, haystack: haystack ?? StoreIndex.haystack(for: record))
        case .event(let event):
            events.append(event)
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

    private mutating func upsert(_ record: AuthorizerRecord, haystack: [UInt8]) {
        let key = FilterKey(record)
        if let slot = slotByAppID[record.appID] {
            adjustCounts(filterKeys[slot], by: -1)
            records[slot] = record
            filterKeys[slot] = key
            haystacks[slot] = haystack
        } else {
            let slot = records.count
            // Worked out before any array is touched, so no copy of `self` is alive while
            // they grow (a growing array that is not uniquely referenced copies every record).
            let position = insertionPosition(for: record.appID)
            // A new appid is one binary search and one insertion into an array of 4-byte slot
            // numbers (a memmove of at most 400 KB at 100,000 accounts), far below one fsync.
            order.insert(Int32(slot), at: position)
            slotByAppID[record.appID] = slot
            records.append(record)
            filterKeys.append(key)
            haystacks.append(haystack)
        }
        adjustCounts(key, by: 1)
    }

    /// Where a new appid goes in `order`. A snapshot lists appids in order, so loading one takes
    /// the first test every time.
    private func insertionPosition(for appID: String) -> Int {
        if let last = order.last, records[Int(last)].appID < appID { return order.count }
        return firstPosition(after: appID, inclusive: true)
    }

    private mutating func adjustCounts(_ key: FilterKey, by delta: Int) {
        counts[key.status, default: [:]][key.type, default: 0] += delta
    }

    /// The first position in `order` whose appid is greater than (or, `inclusive`, not less than) `appID`.
    func firstPosition(after appID: String, inclusive: Bool) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = records[Int(order[middle])].appID
            if candidate < appID || (!inclusive && candidate == appID) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    static func haystack(for record: AuthorizerRecord) -> [UInt8] {
        let info = record.info
        var haystack: [UInt8] = []
        haystack.reserveCapacity(160)
        for field in [info?.nickName, info?.principalName, info?.userName, info?.alias, record.appID] {
            guard let field else { continue }
            if !haystack.isEmpty { haystack.append(0) }
            fold(field, into: &haystack)
        }
        return haystack
    }

    /// CJK radicals, kana, ideographs and Hangul: no scalar here has a lowercase form (a test
    /// checks), so folding skips the property lookup for the text most names are written in.
    static let caselessRanges: [ClosedRange<UInt32>] = [0x2E80 ... 0x9FFF, 0xAC00 ... 0xD7AF]

    /// Lowercase UTF-8 for case-insensitive search: what `String.lowercased()` gives, scalar by
    /// scalar, without its cost on text that has no case (Chinese names), which loading pays
    /// 100,000 times. The search text and what it is matched against are folded alike.
    static func fold(_ text: String, into bytes: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
            } else if !StoreIndex.caselessRanges.contains(where: { $0.contains(scalar.value) }),
                      scalar.properties.changesWhenLowercased {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }
}
