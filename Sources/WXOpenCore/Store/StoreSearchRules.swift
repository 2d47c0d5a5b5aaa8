/// The index's search and paging rules, for the PostgreSQL store: both stores fold text and
/// clamp page sizes through the same code, so a search finds the same accounts on either.
package enum StoreSearchRules {
    /// `AuthorizerQuery.limit` and `EventQuery.limit`, clamped as the index clamps them.
    package static func pageSize(_ limit: Int) -> Int {
        min(max(limit, StoreIndex.pageLimits.lowerBound), StoreIndex.pageLimits.upperBound)
    }

    /// What `search` is matched against: folded fields, NUL-separated (`StoreIndex.haystack`).
    package static func haystack(for record: AuthorizerRecord) -> [UInt8] { StoreIndex.haystack(for: record) }

    /// Case-folded UTF-8 (`StoreIndex.fold`).
    package static func fold(_ text: String, into bytes: inout [UInt8]) { StoreIndex.fold(text, into: &bytes) }
}
