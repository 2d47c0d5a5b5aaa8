import Foundation
import WXOpenCore

/// Rows written before migration 4 have a `search_text` without the ref and no `sort_name`;
/// both come from wxopen's case folding, which SQL cannot repeat, so the store recomputes them
/// at open, a thousand rows per statement. Several instances may do it at once: each takes rows
/// the others have not locked (`SKIP LOCKED`), and a row done twice gets the same values.
extension PostgresStore {
    func backfillSearchText() async throws {
        var done = 0
        while true {
            let updated = try await withSession { session in
                try await session.transaction { session in
                    let rows = try await session.query(
                        AuthorizerColumns.select + " WHERE search_version < $1 LIMIT 1000 FOR UPDATE SKIP LOCKED",
                        [AuthorizerColumns.searchVersion])
                    guard !rows.isEmpty else { return 0 }
                    let values = try rows.map { row -> [String] in
                        let record = try AuthorizerColumns.record(row, corrupt: corrupt)
                        return [record.appID, AuthorizerColumns.searchText(record), AuthorizerColumns.sortName(record)]
                    }
                    let json = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
                    try await session.query("""
                        UPDATE authorizers SET search_text = t.value->>1, sort_name = t.value->>2, search_version = $2
                        FROM json_array_elements($1::json) AS t(value) WHERE app_id = t.value->>0
                        """, [json, AuthorizerColumns.searchVersion])
                    return rows.count
                }
            }
            guard updated > 0 else { break }
            done += updated
        }
        if done > 0 { logger.info("store_search_backfilled", ["authorizers": String(done), "server": server]) }
    }
}
