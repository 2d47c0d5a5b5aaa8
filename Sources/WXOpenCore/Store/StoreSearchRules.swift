/// The index's search, order and paging rules, for the PostgreSQL store: both stores fold text
/// and clamp page sizes through the same code, so a search finds the same accounts on either.
package enum StoreSearchRules {
    /// `AuthorizerQuery.limit` and `EventQuery.limit`, clamped as the index clamps them.
    package static func pageSize(_ limit: Int) -> Int {
        min(max(limit, StoreIndex.pageLimits.lowerBound), StoreIndex.pageLimits.upperBound)
    }

    /// What `search` is matched against: folded fields, NUL-separated (`SearchText`).
    package static func haystack(for record: AuthorizerRecord) -> [UInt8] { SearchText.of(record) }

    /// What the name order compares: the folded nickname, empty without one.
    package static func sortName(for record: AuthorizerRecord) -> [UInt8] { SearchText.name(of: record) }

    /// Throws as the index does for a cursor with another order than ascending appid.
    package static func checkCursor(_ query: AuthorizerQuery) throws(StoreError) { try query.checkCursor() }

    /// Case-folded UTF-8 (`StoreIndex.fold`).
    package static func fold(_ text: String, into bytes: inout [UInt8]) { StoreIndex.fold(text, into: &bytes) }
}
