import Foundation
import WXOpenCore

extension PostgresStore {
    public func authorizer(appID: String) async throws -> AuthorizerRecord? {
        let rows = try await query(AuthorizerColumns.select + " WHERE app_id = $1", [appID])
        return try rows.first.map { try secrets.open(try AuthorizerColumns.record($0, corrupt: corrupt).withoutRawInfo) }
    }

    public func rawInfo(appID: String) async throws -> String? {
        let rows = try await query("SELECT info->>'rawJSON' AS raw FROM authorizers WHERE app_id = $1", [appID])
        return try rows.first?.decode("raw", as: String?.self)
    }

    /// `change` runs inside the transaction that holds the row locked, so concurrent updates of
    /// one account, from this instance or another, apply one after the other. With no row yet
    /// there is nothing to lock, so the appid's advisory lock is taken first and the row looked
    /// up again: of two instances creating the same account, the second sees the first's row.
    @discardableResult
    public func updateAuthorizer(
        appID: String, _ change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?
    ) async throws -> AuthorizerRecord? {
        // `change` runs on this task, between the transaction's statements, and is let go of
        // before this call returns.
        try await withoutActuallyEscaping(change) { change in
            let outcome = try await perform(.updateAuthorizer(appID: appID, change: change), locking: "authorizer:" + appID) { session in
                let rows = try await session.query(AuthorizerColumns.select + " WHERE app_id = $1 FOR UPDATE", [appID])
                return try rows.first.map { row in
                    let record = try secrets.open(try AuthorizerColumns.record(row, corrupt: corrupt))
                    // The closure sees the record as every read shows it; the raw info is kept aside.
                    return LockedState(authorizer: record.withoutRawInfo, rawInfo: record.info?.rawJSON)
                }
            }
            guard case .authorizer(let record) = outcome else { preconditionFailure("PostgresStore: updateAuthorizer planned another outcome") }
            return record
        }
    }

    /// The file store's semantics (`StoreIndex+Queries.swift`): filters ANDed, search a
    /// case-folded substring of the nickname, principal name, user name, alias, appid or ref,
    /// an account without a token counting as expiring, the orders bytewise with appid breaking
    /// ties, and `totalMatching` over all pages. Throws `StoreError.corrupt` naming the account
    /// if a token on the page does not decrypt.
    public func listAuthorizers(_ query: AuthorizerQuery) async throws -> AuthorizerPage {
        let limit = StoreSearchRules.pageSize(query.limit)
        try StoreSearchRules.checkCursor(query)
        let after = try query.cursor.map { cursor throws(StoreError) in try AuthorizerCursor.appID(from: cursor) }
        let filters: [any PostgresValue] = [
            query.status?.rawValue, query.type?.rawValue, AuthorizerColumns.needle(query.search), query.tokenExpiringBefore, query.ref,
            query.tokenExpiringAfter,
        ]
        let direction = query.descending ? "DESC" : "ASC"
        let order = switch query.sort {
        case .appID: "app_id \(direction)"
        case .name: "sort_name \(direction), app_id \(direction)"
        // NULLs count as -infinity, as the file store orders them: first when ascending.
        case .authorizedAt: "authorized_at \(direction) NULLS \(query.descending ? "LAST" : "FIRST"), app_id \(direction)"
        case .tokenExpiry: "access_token_expires_at \(direction) NULLS \(query.descending ? "LAST" : "FIRST"), app_id \(direction)"
        }
        let (rows, total) = try await withSession { session in
            let rows = try await session.query(
                AuthorizerColumns.select + " WHERE " + PostgresStore.listFilters
                    + " AND ($7::text IS NULL OR app_id > $7) ORDER BY \(order) LIMIT $8 OFFSET $9",
                filters + [after, limit + 1, max(0, query.offset)])
            guard query.countsTotal else { return (rows, 0) }
            let total = try await session.query("SELECT count(*) AS total FROM authorizers WHERE " + PostgresStore.listFilters, filters)
            return (rows, try total.first?.decode("total", as: Int.self) ?? 0)
        }
        let page = try rows.prefix(limit).map { try secrets.open(try AuthorizerColumns.record($0, corrupt: corrupt).withoutRawInfo) }
        let pagesByCursor = query.sort == .appID && !query.descending
        let nextCursor = rows.count > limit && pagesByCursor ? page.last.map { AuthorizerCursor.cursor(after: $0.appID) } : nil
        return AuthorizerPage(authorizers: page, nextCursor: nextCursor, totalMatching: total)
    }

    /// $1 status, $2 type, $3 folded search, $4 expiry bound, $5 ref, $6 expiry floor: each ignored when NULL.
    private static let listFilters = """
        ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR account_type = $2)
        AND ($3::text IS NULL OR strpos(search_text, $3) > 0)
        AND ($4::float8 IS NULL OR access_token_expires_at IS NULL OR access_token_expires_at < $4)
        AND ($5::text IS NULL OR ref = $5)
        AND ($6::float8 IS NULL OR access_token_expires_at >= $6)
        """

    public func authorizerCounts() async throws -> AuthorizerCounts {
        let rows = try await query("SELECT status, account_type, count(*) AS count FROM authorizers GROUP BY status, account_type")
        var counts = AuthorizerCounts()
        for row in rows {
            let statusText = try row.decode("status", as: String.self), typeText = try row.decode("account_type", as: String.self)
            guard let status = AuthorizerStatus(rawValue: statusText), let type = AccountType(rawValue: typeText) else {
                throw corrupt("authorizers hold the unknown status or type \"\(statusText.prefix(40))\"/\"\(typeText.prefix(40))\"")
            }
            let count = try row.decode("count", as: Int.self)
            counts.byStatus[status, default: 0] += count
            counts.byType[type, default: 0] += count
            counts.total += count
        }
        return counts
    }
}

extension AuthorizerRecord {
    /// As reads return it: the raw info is read on its own.
    var withoutRawInfo: AuthorizerRecord {
        var record = self
        record.info?.rawJSON = nil
        return record
    }
}
