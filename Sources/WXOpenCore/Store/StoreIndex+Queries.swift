import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension StoreIndex {
    static let pageLimits = 1 ... 500

    func listAuthorizers(_ query: AuthorizerQuery) throws(StoreError) -> AuthorizerPage {
        let limit = min(max(query.limit, StoreIndex.pageLimits.lowerBound), StoreIndex.pageLimits.upperBound)
        let start = try query.cursor.map { cursor throws(StoreError) in
            firstPosition(after: try AuthorizerCursor.appID(from: cursor), inclusive: false)
        } ?? 0
        let needle = query.search.flatMap { search -> SubstringSearch? in
            var folded: [UInt8] = []
            StoreIndex.fold(search, into: &folded)
            return folded.isEmpty ? nil : SubstringSearch(folded)
        }

        let scan: PageScan
        if let needle {
            scan = needle.withMatcher { scanPage(query, from: start, limit: limit, matcher: $0) }
        } else {
            scan = scanPage(query, from: start, limit: limit, matcher: nil)
        }
        let (page, hasMore, total) = (scan.page, scan.hasMore, scan.total)
        let nextCursor = hasMore ? page.last.map { AuthorizerCursor.cursor(after: $0.appID) } : nil
        return AuthorizerPage(authorizers: page, nextCursor: nextCursor, totalMatching: total)
    }

    private struct PageScan {
        var page: [AuthorizerRecord] = []
        var hasMore = false
        var total = 0
    }

    /// The page from `start`, whether more follow, and how many match in all. Filters read the
    /// plain `filterKeys` and the `haystacks` bytes, never the records themselves.
    private func scanPage(_ query: AuthorizerQuery, from start: Int, limit: Int, matcher: SubstringSearch.Matcher?) -> PageScan {
        let expiryLimit = query.tokenExpiringBefore?.timeIntervalSinceReferenceDate
        let expiryFloor = query.tokenExpiringAfter?.timeIntervalSinceReferenceDate
        var scan = PageScan()
        scan.page.reserveCapacity(limit)
        filterKeys.withUnsafeBufferPointer { keys in
            func matches(_ slot: Int) -> Bool {
                let key = keys[slot]
                if let status = query.status, key.status != status { return false }
                if let type = query.type, key.type != type { return false }
                if let expiryLimit, key.expiry >= expiryLimit { return false }
                if let expiryFloor, key.expiry < expiryFloor { return false }
                if let matcher, !matcher.occurs(in: haystacks[slot]) { return false }
                return true
            }
            // Collect the page, then look for one more match to know whether a next page exists.
            var position = start
            while position < order.count {
                let slot = Int(order[position])
                position += 1
                guard matches(slot) else { continue }
                if scan.page.count == limit { scan.hasMore = true; break }
                scan.page.append(records[slot])
            }
            if !query.countsTotal {
                return
            } else if matcher == nil, expiryLimit == nil, expiryFloor == nil {
                scan.total = count(status: query.status, type: query.type)
            } else {
                // Search and expiry have no index: count by one walk over the flat arrays.
                for slot in 0 ..< keys.count where matches(slot) { scan.total += 1 }
            }
        }
        return scan
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

    func recentEvents(_ query: EventQuery) -> [EventRecord] {
        let limit = min(max(query.limit, StoreIndex.pageLimits.lowerBound), StoreIndex.pageLimits.upperBound)
        return events.newestFirst(limit: limit) { event in
            if let appID = query.appID, event.appID != appID { return false }
            if let prefix = query.kindPrefix, !event.kind.hasPrefix(prefix) { return false }
            if let outcome = query.outcome, event.outcome != outcome { return false }
            if let since = query.since, event.at < since { return false }
            return true
        }
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
