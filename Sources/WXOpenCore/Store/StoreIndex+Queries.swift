import Foundation

extension StoreIndex {
    static let pageLimits = 1 ... 500

    /// Mutating only for its caches: the last search's matches, and the sorted orders.
    mutating func listAuthorizers(_ query: AuthorizerQuery) throws(StoreError) -> AuthorizerPage {
        let page = try listPacked(query)
        return AuthorizerPage(authorizers: page.records.map(\.record), nextCursor: page.nextCursor, totalMatching: page.totalMatching)
    }

    /// A page with its records still packed, for decoding outside the lock.
    mutating func listPacked(_ query: AuthorizerQuery) throws(StoreError) -> (records: [PackedAuthorizer], nextCursor: String?, totalMatching: Int) {
        let limit = StoreSearchRules.pageSize(query.limit)
        try query.checkCursor()
        let cursorAppID = try query.cursor.map { cursor throws(StoreError) in try AuthorizerCursor.appID(from: cursor) }
        var needle: [UInt8] = []
        if let search = query.search { StoreIndex.fold(search, into: &needle) }
        let matches = needle.isEmpty ? nil : searchMatches(needle)
        let filter = PageFilter(query: query, matches: matches)

        let walk: [Int32] = query.sort == .appID ? order : sortedSlots(query.sort)
        var start = 0
        if var cursorAppID { start = cursorAppID.withUTF8 { firstPosition(after: $0, inclusive: false) } }
        var page: [PackedAuthorizer] = []
        page.reserveCapacity(limit)
        var skip = max(0, query.offset)
        var hasMore = false
        walk.withUnsafeBufferPointer { walk in
            var step = 0
            while start + step < walk.count {
                let slot = Int(walk[query.descending ? walk.count - 1 - step : start + step])
                step += 1
                guard filter.matches(slot, in: self) else { continue }
                if skip > 0 { skip -= 1; continue }
                if page.count == limit { hasMore = true; break }
                page.append(records[slot])
            }
        }
        let nextCursor = hasMore && query.sort == .appID && !query.descending
            ? page.last.map { AuthorizerCursor.cursor(after: $0.appID) } : nil
        return (page, nextCursor, query.countsTotal ? total(filter) : 0)
    }

    /// How many slots pass `filter`: from the counts when only status and type filter, else by
    /// one walk over the matches (or all slots), which reads only the flat arrays.
    private func total(_ filter: PageFilter) -> Int {
        if filter.needsRecords == false, filter.matches == nil, filter.expiryLimit == nil, filter.expiryFloor == nil {
            return count(status: filter.status, type: filter.type)
        }
        var total = 0
        if let matches = filter.matches {
            matches.forEach { if filter.matches($0, in: self) { total += 1 } }
        } else {
            for slot in 0 ..< records.count where filter.matches(slot, in: self) { total += 1 }
        }
        return total
    }

    private mutating func searchMatches(_ needle: [UInt8]) -> SlotBitmap {
        if let cache = searchCache, cache.needle == needle, cache.generation == search.generation, cache.matches.count == records.count {
            return cache.matches
        }
        let matches = search.matches(needle, slots: records.count)
        searchCache = (needle, search.generation, matches)
        return matches
    }

    /// A query's filters, checked against the flat arrays (and a record only for a ref hit).
    private struct PageFilter {
        let status: AuthorizerStatus?
        let type: AccountType?
        let expiryLimit: Double?
        let expiryFloor: Double?
        let ref: String?
        let refHash: UInt32
        let matches: SlotBitmap?
        var needsRecords: Bool { ref != nil }

        init(query: AuthorizerQuery, matches: SlotBitmap?) {
            status = query.status
            type = query.type
            expiryLimit = query.tokenExpiringBefore?.timeIntervalSinceReferenceDate
            expiryFloor = query.tokenExpiringAfter?.timeIntervalSinceReferenceDate
            ref = query.ref
            refHash = query.ref.map(StoreIndex.refHash) ?? 0
            self.matches = matches
        }

        func matches(_ slot: Int, in index: StoreIndex) -> Bool {
            let key = index.filterKeys[slot]
            if let status, key.status != status { return false }
            if let type, key.type != type { return false }
            if let expiryLimit, key.expiry >= expiryLimit { return false }
            if let expiryFloor, key.expiry < expiryFloor { return false }
            if let matches, !matches.contains(slot) { return false }
            if let ref, key.refHash != refHash || index.records[slot].record.ref != ref { return false }
            return true
        }
    }

    func authorizerCounts() -> AuthorizerCounts {
        var result = AuthorizerCounts()
        for (status, byType) in counts {
            for (type, count) in byType where count > 0 {
                result.byStatus[status, default: 0] += count
                result.byType[type, default: 0] += count
                result.total += count
            }
        }
        return result
    }

    private func count(status: AuthorizerStatus?, type: AccountType?) -> Int {
        var total = 0
        for (recordStatus, byType) in counts where status == nil || status == recordStatus {
            for (recordType, count) in byType where type == nil || type == recordType {
                total += count
            }
        }
        return total
    }
}
