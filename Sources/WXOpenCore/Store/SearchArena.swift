import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// The folded search text of every authorizer in one contiguous byte array, so that a search
/// is one `memmem` pass over memory that sits together (a few milliseconds for 200,000 accounts)
/// rather than a walk over 200,000 separate allocations.
///
/// Each slot's text is a segment of NUL-separated fields (`SearchText`) ending in a NUL, so that
/// no match spans two segments; segments follow one another in the order they were written, and `owners` lists them in that order with their
/// slot. A slot whose text changes gets a new segment at the end and its old one is zeroed: a
/// needle never holds a NUL, so zeroed bytes never match, and once zeroed bytes outnumber live
/// ones the arena is rebuilt. The first field, the folded nickname, is also the name order's key.
struct SearchArena: Sendable {
    private(set) var bytes: [UInt8] = []
    /// Segments in arena order: where each starts, and whose it is.
    private var owners: [(start: UInt32, slot: Int32)] = []
    /// Per slot: its segment's position in `owners`.
    private var segmentOfSlot: [UInt32] = []
    private var deadBytes = 0
    /// Changes whenever any slot's text changes (what a cached search result is keyed on).
    private(set) var generation: UInt64 = 0

    mutating func reserveCapacity(slots: Int, bytes count: Int) {
        bytes.reserveCapacity(count)
        owners.reserveCapacity(slots)
        segmentOfSlot.reserveCapacity(slots)
    }

    /// Sets `slot`'s text (slots arrive in order: a new one is `segmentOfSlot.count`). Unchanged
    /// text changes nothing.
    mutating func set(_ text: [UInt8], for slot: Int) {
        if slot < segmentOfSlot.count {
            let range = segmentRange(Int(segmentOfSlot[slot]))
            if range.count == text.count + 1, bytes[range.dropLast()].elementsEqual(text) { return }
            bytes.withUnsafeMutableBufferPointer { buffer in
                _ = memset(buffer.baseAddress! + range.lowerBound, 0, range.count)
            }
            deadBytes += range.count
            segmentOfSlot[slot] = UInt32(owners.count)
        } else {
            precondition(slot == segmentOfSlot.count, "SearchArena: slots are added in order")
            segmentOfSlot.append(UInt32(owners.count))
        }
        owners.append((UInt32(bytes.count), Int32(slot)))
        bytes.append(contentsOf: text)
        bytes.append(0)
        generation &+= 1
        if deadBytes > 1 << 20, deadBytes > bytes.count - deadBytes { rebuild() }
    }

    /// `slot`'s text, without the segment's final NUL.
    func text(of slot: Int) -> ArraySlice<UInt8> { bytes[segmentRange(Int(segmentOfSlot[slot])).dropLast()] }

    /// The name key of `slot`: its first field.
    func withName<Result>(of slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let range = segmentRange(Int(segmentOfSlot[slot]))
        return bytes.withUnsafeBufferPointer { buffer in
            let start = buffer.baseAddress! + range.lowerBound
            let end = memchr(start, 0, range.count).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } ?? start + range.count
            return body(UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    /// The slots whose text contains `needle` (folded, non-empty), as a bitmap over `slots`.
    func matches(_ needle: [UInt8], slots: Int) -> SlotBitmap {
        var found = SlotBitmap(count: slots)
        guard !needle.contains(0) else { return found }
        bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { needle in
                guard let base = hay.baseAddress, hay.count >= needle.count else { return }
                var position = 0
                var owner = 0
                while position + needle.count <= hay.count,
                      let hit = csystem_memmem(base + position, hay.count - position, needle.baseAddress!, needle.count) {
                    let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    // Owners are in arena order: walk forward to the segment holding the hit.
                    while owner + 1 < owners.count, Int(owners[owner + 1].start) <= at { owner += 1 }
                    found.insert(Int(owners[owner].slot))
                    // The rest of this segment cannot add anything.
                    position = owner + 1 < owners.count ? Int(owners[owner + 1].start) : hay.count
                }
            }
        }
        return found
    }

    private func segmentRange(_ segment: Int) -> Range<Int> {
        let start = Int(owners[segment].start)
        let end = segment + 1 < owners.count ? Int(owners[segment + 1].start) : bytes.count
        return start ..< end
    }

    /// Copies the live segments, in slot order, into a fresh arena.
    private mutating func rebuild() {
        var fresh = SearchArena()
        fresh.reserveCapacity(slots: segmentOfSlot.count, bytes: bytes.count - deadBytes)
        for slot in 0 ..< segmentOfSlot.count { fresh.set(Array(text(of: slot)), for: slot) }
        fresh.generation = generation &+ 1
        self = fresh
    }
}

/// One bit per slot.
struct SlotBitmap: Sendable {
    private(set) var words: [UInt64]
    let count: Int

    init(count: Int) {
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    mutating func insert(_ slot: Int) { words[slot >> 6] |= 1 << UInt64(slot & 63) }

    func contains(_ slot: Int) -> Bool { slot < count && words[slot >> 6] & (1 << UInt64(slot & 63)) != 0 }

    /// Every slot in the bitmap, ascending.
    func forEach(_ body: (Int) -> Void) {
        for (index, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                body(index << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }
}

/// What search matches for one account: the folded nickname, principal name, user name,
/// alias, appid and ref, NUL-separated, always in that order (an absent field is empty, so the
/// nickname is always the first field).
enum SearchText {
    static func of(_ record: AuthorizerRecord) -> [UInt8] {
        let info = record.info
        // Strings are valid UTF-8: this never fails.
        return of(nickName: info?.nickName, principalName: info?.principalName, userName: info?.userName, alias: info?.alias,
                  appID: record.appID, ref: record.ref)!
    }

    /// The same from the fields' text (nil if one is not valid UTF-8).
    static func of<Text: PackedText>(nickName: Text?, principalName: Text?, userName: Text?, alias: Text?, appID: Text, ref: Text?) -> [UInt8]? {
        var text: [UInt8] = []
        text.reserveCapacity(160)
        var valid = true
        func field(_ value: Text?, first: Bool = false) {
            if !first { text.append(0) }
            if let value { valid = value.withPackedUTF8 { StoreIndex.fold(utf8: $0, into: &text) } && valid }
        }
        field(nickName, first: true)
        field(principalName)
        field(userName)
        field(alias)
        field(appID)
        field(ref)
        return valid ? text : nil
    }

    /// The name order's key: the folded nickname (empty without one).
    static func name(of record: AuthorizerRecord) -> [UInt8] {
        var name: [UInt8] = []
        if let nickName = record.info?.nickName { StoreIndex.fold(nickName, into: &name) }
        return name
    }
}
