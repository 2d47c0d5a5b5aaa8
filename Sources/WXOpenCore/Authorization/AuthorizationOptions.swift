import HTTPServer

/// The start page's options: which accounts may authorize and what to ask for.
struct AuthorizationOptions: Equatable, Sendable {
    /// 1 official accounts, 2 mini programs, 3 both, 4 promoter accounts, 5 Channels, 6 all, 8 live-commerce assistants.
    var authType = 3
    var bizAppID: String?
    var categoryIDs: [Int] = []
    var ref: String?
    var mobile = false

    static let authTypes: Set<Int> = [1, 2, 3, 4, 5, 6, 8]

    /// Which option of a link is wrong; the message says how to fix it, in the page's language.
    enum Problem: Error, Equatable, Sendable {
        case authType, bizAppID, categoryIDs, ref

        func message(_ language: Language) -> String {
            switch self {
            case .authType: language.t("auth_type 只能是 1、2、3、4、5、6 或 8。", "auth_type must be one of 1, 2, 3, 4, 5, 6, 8")
            case .bizAppID: language.t("biz_appid 不是有效的微信 appid。", "biz_appid is not a WeChat appid")
            case .categoryIDs: language.t("category_id_list 应为用 | 分隔的权限集 id。", "category_id_list must be permission-set ids joined by |")
            case .ref: language.t("ref 最多 128 个字符，且不能含控制字符。", "ref must be at most 128 characters without control characters")
            }
        }
    }

    /// Reads and checks the query.
    static func parse(_ request: HTTPRequest) throws(Problem) -> AuthorizationOptions {
        var options = AuthorizationOptions()
        let query = request.query
        if let raw = query["auth_type"], !raw.isEmpty {
            guard let value = Int(raw), authTypes.contains(value) else { throw .authType }
            options.authType = value
        }
        if let raw = query["biz_appid"], !raw.isEmpty {
            guard isAppID(raw) else { throw .bizAppID }
            options.bizAppID = raw
        }
        if let raw = query["category_id_list"], !raw.isEmpty {
            let parts = raw.split(whereSeparator: { $0 == "|" || $0 == "," })
            let ids = parts.compactMap { Int($0) }.filter { (1...99_999).contains($0) }
            guard ids.count == parts.count, ids.count <= 64 else { throw .categoryIDs }
            options.categoryIDs = ids
        }
        if let raw = query["ref"], !raw.isEmpty {
            guard raw.count <= 128, !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .ref
            }
            options.ref = raw
        }
        options.mobile = query["mobile"] == "1" || isMobile(request.headers["User-Agent"] ?? "")
        return options
    }

    /// The same options as a query string, for the button's link.
    var query: String {
        var query = QueryParameters()
        query.append("auth_type", String(authType))
        if let bizAppID { query.append("biz_appid", bizAppID) }
        if !categoryIDs.isEmpty { query.append("category_id_list", categoryIDs.map(String.init).joined(separator: "|")) }
        if let ref { query.append("ref", ref) }
        if mobile { query.append("mobile", "1") }
        return query.encoded
    }

    static func isAppID(_ text: String) -> Bool {
        text.hasPrefix("wx") && (8...32).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    static func isMobile(_ userAgent: String) -> Bool {
        ["iPhone", "Android", "Mobile", "MicroMessenger", "iPad", "HarmonyOS"].contains { userAgent.contains($0) }
    }
}
