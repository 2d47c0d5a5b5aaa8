/// One order of all slots other than by appid, built on first use and then kept: a write that
/// changes a slot's key only notes the slot, and the next query takes the noted slots out,
/// sorts them and merges them back in (O(n) for a handful of changes, against O(n log n) for a
/// fresh sort). Token refreshes move the expiry order all the time; this keeps each page cheap.
struct SortedOrder: Sendable {
    var slots: [Int32] = []
    var changed: [Int32] = []
    var isBuilt = false
}

extension StoreIndex {
    private static func position(of sort: AuthorizerSort) -> Int? {
        switch sort {
        case .appID: nil
        case .name: 0
        case .authorizedAt: 1
        case .tokenExpiry: 2
        }
    }

    /// The orders built so far (for tests: the warm-up after loading builds every one).
    var builtSorts: Set<AuthorizerSort> {
        Set(AuthorizerSort.allCases.filter { sort in Self.position(of: sort).map { sortedOrders[$0].isBuilt } ?? true })
    }

    /// Notes a written slot in the orders built so far whose key it changed.
    mutating func markSorted(_ slot: Int, nameChanged: Bool, old: FilterKey?, new: FilterKey) {
        let moved = [nameChanged, old?.authorizedAt != new.authorizedAt, old?.expiry != new.expiry]
        for position in 0 ..< sortedOrders.count where sortedOrders[position].isBuilt && moved[position] {
            sortedOrders[position].changed.append(Int32(slot))
            // Past a quarter of all slots a fresh sort is cheaper than merging.
            if sortedOrders[position].changed.count > records.count / 4 + 1024 { sortedOrders[position] = SortedOrder() }
        }
    }

    /// All slots ascending by `sort`'s key, then appid.
    mutating func sortedSlots(_ sort: AuthorizerSort) -> [Int32] {
        guard let position = Self.position(of: sort) else { return order }
        var sorted = sortedOrders[position]
        sortedOrders[position] = SortedOrder()
        let precedes = { (a: Int32, b: Int32) in self.precedes(Int(a), Int(b), by: sort) }
        if !sorted.isBuilt {
            sorted.slots = order
            sorted.slots.sort(by: precedes)
            sorted.isBuilt = true
        } else if !sorted.changed.isEmpty {
            var moved = SlotBitmap(count: records.count)
            for slot in sorted.changed { moved.insert(Int(slot)) }
            var fresh: [Int32] = []
            moved.forEach { fresh.append(Int32($0)) }
            fresh.sort(by: precedes)
            // Slots added since the order was built are in `changed` too, so `kept` plus `fresh`
            // holds every slot once.
            let kept = sorted.slots.filter { !moved.contains(Int($0)) }
            sorted.slots = Self.merge(kept, fresh, by: precedes)
            sorted.changed = []
        }
        sortedOrders[position] = sorted
        return sorted.slots
    }

    private static func merge(_ a: [Int32], _ b: [Int32], by precedes: (Int32, Int32) -> Bool) -> [Int32] {
        var merged: [Int32] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if precedes(b[j], a[i]) { merged.append(b[j]); j += 1 } else { merged.append(a[i]); i += 1 }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }

    /// Whether slot `a` sorts before slot `b`: by the key, then by appid.
    func precedes(_ a: Int, _ b: Int, by sort: AuthorizerSort) -> Bool {
        let comparison: Int
        switch sort {
        case .appID:
            comparison = 0
        case .name:
            comparison = search.withName(of: a) { nameA in search.withName(of: b) { nameB in PackedAuthorizer.compare(nameA, nameB) } }
        case .authorizedAt:
            let (x, y) = (filterKeys[a].authorizedAt, filterKeys[b].authorizedAt)
            comparison = x < y ? -1 : (x > y ? 1 : 0)
        case .tokenExpiry:
            let (x, y) = (filterKeys[a].expiry, filterKeys[b].expiry)
            comparison = x < y ? -1 : (x > y ? 1 : 0)
        }
        if comparison != 0 { return comparison < 0 }
        return records[a].withAppID { records[b].compareAppID($0) } > 0
    }
}
