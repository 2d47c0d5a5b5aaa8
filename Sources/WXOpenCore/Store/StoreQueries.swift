import Foundation

/// How a page of authorizers is ordered. Ties, and `appID` itself, go by appid bytewise.
public enum AuthorizerSort: String, Sendable, CaseIterable {
    case appID = "appid"
    /// The nickname, case-folded as search folds it, bytewise; accounts without one first.
    case name
    /// `authorizedAt`; accounts never authorized first.
    case authorizedAt = "authorized"
    /// `accessTokenExpiresAt`; accounts without a token first.
    case tokenExpiry = "expiry"
}

/// A page request over authorizers: filters, an order, and where the page starts (after a
/// cursor, which only appid order has, or after `offset` matches).
public struct AuthorizerQuery: Sendable, Equatable {
    public var status: AuthorizerStatus?
    public var type: AccountType?
    /// Case-insensitive substring of the nickname, principal name, user name, alias, appid or ref.
    public var search: String?
    /// Only the accounts whose `ref` is exactly this.
    public var ref: String?
    /// Clamped to 1…500.
    public var limit: Int
    /// From the previous page's `nextCursor`; a cursor that is not one throws `StoreError.invalidRequest`,
    /// as does a cursor with another order than ascending appid, or with an offset.
    public var cursor: String?
    /// Only accounts whose access token expires before this date (for the refresher). An account
    /// with no access token (`accessTokenExpiresAt == nil`) counts as expired, since it needs one.
    public var tokenExpiringBefore: Date?
    /// Only accounts whose access token expires at or after this date (the refresher under
    /// policy `hot`, which leaves long-expired tokens of cold accounts alone); an account with no
    /// access token never matches.
    public var tokenExpiringAfter: Date?
    /// False: `totalMatching` is left 0, for a caller that pages through every match anyway (the
    /// refresher) and would otherwise pay a count over all accounts per page.
    public var countsTotal = true
    public var sort: AuthorizerSort
    /// The order reversed, ties included (descending appid).
    public var descending: Bool
    /// Matches to skip before the page (page numbers); negative counts as 0.
    public var offset: Int

    public init(status: AuthorizerStatus? = nil, type: AccountType? = nil, search: String? = nil, ref: String? = nil, limit: Int = 100,
                cursor: String? = nil, tokenExpiringBefore: Date? = nil, tokenExpiringAfter: Date? = nil,
                sort: AuthorizerSort = .appID, descending: Bool = false, offset: Int = 0) {
        self.status = status
        self.type = type
        self.search = search
        self.ref = ref
        self.limit = limit
        self.cursor = cursor
        self.tokenExpiringBefore = tokenExpiringBefore
        self.tokenExpiringAfter = tokenExpiringAfter
        self.sort = sort
        self.descending = descending
        self.offset = offset
    }

    /// The store's rule for a cursor: it continues ascending appid order only.
    func checkCursor() throws(StoreError) {
        guard cursor != nil else { return }
        guard sort == .appID, !descending, offset <= 0 else {
            throw .invalidRequest("a cursor pages in ascending appid order only; use offset for other orders")
        }
    }
}

public struct AuthorizerPage: Sendable, Equatable {
    public var authorizers: [AuthorizerRecord]
    public var nextCursor: String?
    /// How many records match the filters in all (for "1–50 of 1,234").
    public var totalMatching: Int

    public init(authorizers: [AuthorizerRecord], nextCursor: String?, totalMatching: Int) {
        self.authorizers = authorizers
        self.nextCursor = nextCursor
        self.totalMatching = totalMatching
    }
}

public struct AuthorizerCounts: Sendable, Equatable {
    public var byStatus: [AuthorizerStatus: Int]
    public var byType: [AccountType: Int]
    public var total: Int

    public init(byStatus: [AuthorizerStatus: Int] = [:], byType: [AccountType: Int] = [:], total: Int = 0) {
        self.byStatus = byStatus
        self.byType = byType
        self.total = total
    }
}

public struct EventQuery: Sendable, Equatable {
    public var appID: String?
    /// Prefix of `kind`, e.g. `token.` or `push.`.
    public var kindPrefix: String?
    public var outcome: String?
    /// Only events at or after this date.
    public var since: Date?
    /// Only events before this date.
    public var until: Date?
    /// Clamped to 1…500.
    public var limit: Int
    /// From the previous page's `olderCursor`: continues with older events. One the store did
    /// not issue throws `StoreError.invalidRequest`.
    public var cursor: String?

    public init(appID: String? = nil, kindPrefix: String? = nil, outcome: String? = nil, since: Date? = nil, until: Date? = nil,
                limit: Int = 50, cursor: String? = nil) {
        self.appID = appID
        self.kindPrefix = kindPrefix
        self.outcome = outcome
        self.since = since
        self.until = until
        self.limit = limit
        self.cursor = cursor
    }

    /// Whether `event` passes the filters (not the cursor).
    func matches(_ event: EventRecord) -> Bool {
        if let appID, event.appID != appID { return false }
        if let kindPrefix, !event.kind.hasPrefix(kindPrefix) { return false }
        if let outcome, event.outcome != outcome { return false }
        if let since, event.at < since { return false }
        if let until, event.at >= until { return false }
        return true
    }
}

/// A page of events, newest first.
public struct EventPage: Sendable, Equatable {
    public var events: [EventRecord]
    /// Where older events continue (pass it as `EventQuery.cursor`); nil when none are left.
    /// A store may stop short of `limit` after looking through a bounded stretch of history
    /// (the file store reads at most a few megabytes per page), and then gives a cursor too.
    public var olderCursor: String?

    public init(events: [EventRecord], olderCursor: String?) {
        self.events = events
        self.olderCursor = olderCursor
    }
}

/// How many events of one kind and outcome were appended within one hour.
public struct EventHourCount: Sendable, Equatable, Hashable {
    /// The start of the hour (UTC, a multiple of 3,600 s since 1970).
    public var hour: Date
    public var kind: String
    public var outcome: String
    public var count: Int

    public init(hour: Date, kind: String, outcome: String, count: Int) {
        self.hour = hour
        self.kind = kind
        self.outcome = outcome
        self.count = count
    }

    /// The hour `date` falls in.
    public static func hour(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }
}

/// Event cursors of the memory and PostgreSQL stores: the id of the last event shown, as
/// base64url like `AuthorizerCursor`.
package enum EventIDCursor {
    package static func cursor(before id: Int64) -> String { AuthorizerCursor.cursor(after: "e" + String(id)) }

    package static func id(from cursor: String) throws(StoreError) -> Int64 {
        let text = try AuthorizerCursor.appID(from: cursor)
        guard text.hasPrefix("e"), let id = Int64(text.dropFirst()) else {
            throw .invalidRequest("the cursor is not one this store issued; start again without a cursor")
        }
        return id
    }
}

extension EventHourCount {
    /// Hours since 1970 of the hour `date` falls in (what stores key their counts by).
    package static func hourNumber(of date: Date) -> Int64 { EventHourCounts.hourNumber(date) }
}
