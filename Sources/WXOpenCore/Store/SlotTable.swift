/// Finds an authorizer's slot by appid: open addressing over one array of 8-byte entries
/// (a 32-bit hash of the appid beside the slot), in place of a `[String: Int]` whose every key
/// is a string allocation of its own. The appids themselves stay in the packed records;
/// `lookup` is handed a comparison that reads them. Slots are only ever added.
struct SlotTable: Sendable {
    /// `hash << 32 | slot`, or `empty`.
    private var entries: [UInt64]
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int = 0) {
        entries = [UInt64](repeating: Self.empty, count: Self.tableSize(for: capacity))
    }

    /// A power of two at least 10/7 of `count` (load factor at most 0.7), and at least 16.
    private static func tableSize(for count: Int) -> Int {
        var size = 16
        while size * 7 < count * 10 { size <<= 1 }
        return size
    }

    /// FNV-1a over the UTF-8, folded to 32 bits.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The slot whose appid `isKey` accepts, among those with `hash`.
    func lookup(hash: UInt32, _ isKey: (Int) -> Bool) -> Int? {
        let mask = entries.count - 1
        var position = Int(hash) & mask
        while true {
            let entry = entries[position]
            if entry == Self.empty { return nil }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash, isKey(Int(UInt32(truncatingIfNeeded: entry))) {
                return Int(UInt32(truncatingIfNeeded: entry))
            }
            position = (position + 1) & mask
        }
    }

    /// Adds `slot` under `hash` (the caller checked that its appid is not there yet).
    mutating func insert(hash: UInt32, slot: Int) {
        if (count + 1) * 10 > entries.count * 7 { grow(to: Self.tableSize(for: (count + 1) * 2)) }
        place(UInt64(hash) << 32 | UInt64(UInt32(slot)))
        count += 1
    }

    /// Room for `capacity` slots without growing.
    mutating func reserveCapacity(_ capacity: Int) {
        let size = Self.tableSize(for: capacity)
        if size > entries.count { grow(to: size) }
    }

    private mutating func grow(to size: Int) {
        let old = entries
        entries = [UInt64](repeating: Self.empty, count: size)
        for entry in old where entry != Self.empty { place(entry) }
    }

    private mutating func place(_ entry: UInt64) {
        let mask = entries.count - 1
        var position = Int(UInt32(truncatingIfNeeded: entry >> 32)) & mask
        while entries[position] != Self.empty { position = (position + 1) & mask }
        entries[position] = entry
    }
}
