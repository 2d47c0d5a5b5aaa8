import Foundation
import WXOpenCore

/// How an `AuthorizerRecord` (secrets in stored form) maps to a row of `authorizers`, and back.
/// `info` is a JSON column in `AccountInfo`'s `Codable` form (what the file store writes too),
/// raw info included, which reads take out again (`Store.rawInfo` reads it alone);
/// `account_type`, `search_text` and `sort_name` are derived from the record for filtering,
/// search and order.
enum AuthorizerColumns {
    /// What `search_text` and `sort_name` of a row written now hold (see migration 4).
    static let searchVersion = 1

    static let select = """
        SELECT app_id, component_app_id, status, status_reason, access_token, access_token_expires_at, refresh_token,
               func_info, info, ref, authorized_at, updated_at, revoked_at, last_authorization_code_hash,
               last_refresh_at, last_refresh_error
        FROM authorizers
        """

    static let insert = """
        INSERT INTO authorizers (app_id, component_app_id, status, status_reason, access_token, access_token_expires_at,
            refresh_token, func_info, info, ref, authorized_at, updated_at, revoked_at, last_authorization_code_hash,
            last_refresh_at, last_refresh_error, account_type, search_text, sort_name, search_version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
        """

    static let update = """
        UPDATE authorizers SET component_app_id = $2, status = $3, status_reason = $4, access_token = $5,
            access_token_expires_at = $6, refresh_token = $7, func_info = $8, info = $9, ref = $10, authorized_at = $11,
            updated_at = $12, revoked_at = $13, last_authorization_code_hash = $14, last_refresh_at = $15,
            last_refresh_error = $16, account_type = $17, search_text = $18, sort_name = $19, search_version = $20
        WHERE app_id = $1
        """

    /// The parameters of `insert` and `update`, in order; `storedRawInfo` goes into `info` when
    /// the record brings none of its own (a change that left the raw info as it was).
    static func parameters(_ record: AuthorizerRecord, storedRawInfo: String? = nil) throws -> [any PostgresValue] {
        var record = record
        if record.info?.rawJSON == nil { record.info?.rawJSON = storedRawInfo }
        let info = try record.info.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        return [
            record.appID, record.componentAppID, record.status.rawValue, record.statusReason, record.accessToken,
            record.accessTokenExpiresAt, record.refreshToken, record.funcInfo, info, record.ref, record.authorizedAt,
            record.updatedAt, record.revokedAt, record.lastAuthorizationCodeHash, record.lastRefreshAt, record.lastRefreshError,
            record.accountType.rawValue, searchText(record), sortName(record), searchVersion,
        ]
    }

    static func record(_ row: PostgresRow, corrupt: (String) -> StoreError) throws -> AuthorizerRecord {
        let appID = try row.decode("app_id", as: String.self)
        let statusText = try row.decode("status", as: String.self)
        guard let status = AuthorizerStatus(rawValue: statusText) else {
            throw corrupt("authorizer \(appID) has the unknown status \"\(statusText.prefix(40))\"")
        }
        var record = AuthorizerRecord(
            appID: appID, componentAppID: try row.decode("component_app_id"), status: status, updatedAt: try row.decode("updated_at"))
        record.statusReason = try row.decode("status_reason")
        record.accessToken = try row.decode("access_token")
        record.accessTokenExpiresAt = try row.decode("access_token_expires_at")
        record.refreshToken = try row.decode("refresh_token")
        record.funcInfo = try row.decode("func_info")
        if let info = try row.decode("info", as: String?.self) {
            do {
                record.info = try JSONDecoder().decode(AccountInfo.self, from: Data(info.utf8))
            } catch {
                throw corrupt("the account info of authorizer \(appID) cannot be read: \(error)")
            }
        }
        record.ref = try row.decode("ref")
        record.authorizedAt = try row.decode("authorized_at")
        record.revokedAt = try row.decode("revoked_at")
        record.lastAuthorizationCodeHash = try row.decode("last_authorization_code_hash")
        record.lastRefreshAt = try row.decode("last_refresh_at")
        record.lastRefreshError = try row.decode("last_refresh_error")
        return record
    }

    /// What search matches, folded as the file store folds it; U+0001 separates the fields
    /// (the file store's NUL, which PostgreSQL text cannot hold).
    static func searchText(_ record: AuthorizerRecord) -> String {
        String(decoding: StoreSearchRules.haystack(for: record).map { $0 == 0 ? 1 : $0 }, as: UTF8.self)
    }

    static func sortName(_ record: AuthorizerRecord) -> String {
        String(decoding: StoreSearchRules.sortName(for: record).map { $0 == 0 ? 1 : $0 }, as: UTF8.self)
    }

    /// A search as `search_text` is matched against it; nil when it folds to nothing.
    static func needle(_ search: String?) -> String? {
        guard let search else { return nil }
        var folded: [UInt8] = []
        StoreSearchRules.fold(search, into: &folded)
        return folded.isEmpty ? nil : String(decoding: folded.map { $0 == 0 ? 1 : $0 }, as: UTF8.self)
    }
}
