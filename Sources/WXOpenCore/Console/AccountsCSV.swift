import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/authorizers.csv`: the accounts list's selection (the same `q`, `ref`, `status`,
/// `type` and order) as a CSV download, every matching account rather than one page. It holds
/// what the list shows and no secret: no token, no refresh token. Written a store page at a
/// time as it is sent, so 100,000 accounts never sit in memory as one file. Each export is
/// recorded in the event log (who, how many): it hands over the platform's customer list.
struct AccountsCSV: Sendable {
    let platform: Platform

    static let path = "/admin/authorizers.csv"

    static let header = ["appid", "nick_name", "type", "status", "status_reason", "principal_name", "user_name", "alias",
                         "verified", "ref", "authorized_at", "token_expires_at", "info_fetched_at", "permissions"]

    static func fields(_ record: AuthorizerRecord) -> [String] {
        let info = record.info
        return [record.appID, info?.nickName ?? "", record.accountType.rawValue, record.status.rawValue, record.statusReason ?? "",
                info?.principalName ?? "", info?.userName ?? "", info?.alias ?? "",
                info.map { $0.isVerified ? "yes" : "no" } ?? "", record.ref ?? "",
                record.authorizedAt.map { RFC3339.format($0) } ?? "", record.accessTokenExpiresAt.map { RFC3339.format($0) } ?? "",
                info.map { RFC3339.format($0.fetchedAt) } ?? "", record.funcInfo.map(String.init).joined(separator: " ")]
    }

    func export(_ context: ConsoleContext) async throws -> HTTPResponse {
        let filters = AccountFilters(context.request.query)
        let store = platform.store
        // Counted first, so the audit line says how many left, and a store failure is a page.
        let matching = try await store.listAuthorizers(filters.query(limit: 1)).totalMatching
        await platform.events.record("console.accounts_exported", "by \(context.session.username): \(matching) accounts, \(Self.describe(filters))")
        let day = String(RFC3339.format(platform.clock.now()).prefix(10)).replacingOccurrences(of: "-", with: "")
        let headers: HTTPHeaders = ["Content-Type": "text/csv; charset=utf-8; header=present",
                                    "Content-Disposition": "attachment; filename=\"wxopen-accounts-\(day).csv\""]
        var response = HTTPResponse.stream(headers: headers) { writer in
            // The byte order mark tells Excel the file is UTF-8 (the names are Chinese).
            var chunk = "\u{FEFF}" + CSV.row(Self.header)
            try await filters.forEachAccount(in: store) { records in
                for record in records { chunk += CSV.row(Self.fields(record)) }
                try await writer.write(chunk)
                chunk = ""
            }
            if !chunk.isEmpty { try await writer.write(chunk) }
        }
        Page.addSecurityHeaders(to: &response)
        return response
    }

    /// The selection in the audit line: the parameters as the link has them.
    static func describe(_ filters: AccountFilters) -> String {
        filters.parameters.isEmpty ? "all" : filters.parameters.encoded
    }
}
