import Foundation

/// Failed calls by request id, as WeChat keeps them for `openapi/rid/get`: 7 days, and only
/// the account that made the call may look one up.
struct RidLedger {
    struct Record {
        /// Who made the call: what a lookup's token must belong to (76003 otherwise).
        var owner: TokenLedger.Owner
        var time: Date
        var requestURL: String
        var requestBody: String
        var responseBody: String
    }

    static let lifetime: TimeInterval = 7 * 86_400
    /// The newest this many are kept.
    static let limit = 10_000

    private var records: [String: Record] = [:]
    private var order: [String] = []

    mutating func record(_ rid: String, _ record: Record) {
        records[rid] = record
        order.append(rid)
        if order.count > Self.limit { records[order.removeFirst()] = nil }
    }

    /// 76002 empty or not three groups of 8 hex digits, 76001 unknown or older than 7 days,
    /// 76003 another account's.
    func lookup(_ rid: String?, by owner: TokenLedger.Owner, now: Date) throws(APIError) -> Record {
        guard let rid, Self.isWellFormed(rid) else { throw .ridMalformed }
        guard let record = records[rid], now < record.time + Self.lifetime else { throw .ridNotFound }
        guard record.owner == owner else { throw .ridNoPermission }
        return record
    }

    static func isWellFormed(_ rid: String) -> Bool {
        let groups = rid.split(separator: "-", omittingEmptySubsequences: false)
        return groups.count == 3 && groups.allSatisfy { $0.count == 8 && $0.allSatisfy(\.isHexDigit) }
    }
}
