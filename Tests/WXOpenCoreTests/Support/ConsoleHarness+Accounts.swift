import Foundation
@testable import WXOpenCore

extension ConsoleHarness {
    /// An account written straight to the store (no WeChat): for lists, orders and exports.
    func seedAccount(_ appID: String, name: String?, ref: String? = nil, type: AccountType = .officialAccount,
                     status: AuthorizerStatus = .authorized, authorizedAt: Date? = nil, tokenExpiresAt: Date? = nil,
                     accessToken: String? = nil, refreshToken: String? = nil, principal: String? = nil) async throws {
        let now = clock.now()
        try await store.updateAuthorizer(appID: appID) { _ in
            var record = AuthorizerRecord(appID: appID, componentAppID: "wxcomponent", updatedAt: now)
            record.status = status
            record.ref = ref
            record.authorizedAt = authorizedAt
            record.accessToken = accessToken ?? tokenExpiresAt.map { _ in "token-of-" + appID }
            record.accessTokenExpiresAt = tokenExpiresAt
            record.refreshToken = refreshToken
            record.info = AccountInfo(nickName: name, principalName: principal, accountType: type, fetchedAt: now)
            return record
        }
    }
}

extension ConsoleReply {
    /// The appids of the accounts table's rows, in order.
    var rowAppIDs: [String] {
        text.components(separatedBy: "<tr data-appid=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// The `href` of the element with `id`, unescaped.
    func href(id: String) -> String? {
        guard let start = text.range(of: "id=\"\(id)\"") else { return nil }
        let tag = text[..<start.lowerBound].components(separatedBy: "<").last.map { "<" + $0 } ?? ""
        let rest = text[start.upperBound...].prefix { $0 != ">" }
        let attributes = tag + String(rest)
        guard let value = attributes.components(separatedBy: "href=\"").dropFirst().first?.prefix(while: { $0 != "\"" }) else { return nil }
        return String(value).replacingOccurrences(of: "&amp;", with: "&")
    }
}
