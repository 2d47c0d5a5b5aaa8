import Foundation

/// What a refresh pass keeps of each account it lists: enough to order it, pick it and refresh
/// it, not the whole record. A pass may list hundreds of thousands of accounts (every one, the
/// first time after a restart of a store whose tokens went stale); whole records, with their
/// info, held that many times over were what grew the server by ~1 KiB an account.
struct RefreshCandidate: Sendable {
    let appID: String
    /// The token it had when listed: refreshed unless that one was replaced meanwhile.
    let accessToken: String?
    let accessTokenExpiresAt: Date?
    let lastRefreshAt: Date?
}

extension AuthorizerRecord {
    var refreshCandidate: RefreshCandidate {
        RefreshCandidate(appID: appID, accessToken: accessToken, accessTokenExpiresAt: accessTokenExpiresAt, lastRefreshAt: lastRefreshAt)
    }
}

/// The `limit` candidates that sort first by `order`, one per account, kept while listing
/// instead of after it: memory stays a couple of batches however many accounts are listed.
struct EarliestCandidates {
    let limit: Int
    let order: (RefreshCandidate) -> Date
    private(set) var kept: [RefreshCandidate] = []

    init(limit: Int, order: @escaping (RefreshCandidate) -> Date) {
        self.limit = limit
        self.order = order
    }

    mutating func add(_ candidate: RefreshCandidate) {
        kept.append(candidate)
        if kept.count >= 2 * max(limit, 1) { trim() }
    }

    /// The kept ones, earliest first, at most `limit`.
    mutating func earliest() -> [RefreshCandidate] {
        trim()
        return kept
    }

    private mutating func trim() {
        let order = order
        var seen = Set<String>()
        kept = Array(kept.sorted { order($0) < order($1) }.filter { seen.insert($0.appID).inserted }.prefix(limit))
    }
}
