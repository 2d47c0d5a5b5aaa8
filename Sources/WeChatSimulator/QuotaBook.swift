import Foundation

/// The simulated API quotas: which paths `openapi/quota/get` knows, whose they are (the
/// platform's or an authorized account's), their daily limits, and the monthly budget of
/// quota resets. Usage is read from the simulator's call counters, which count every account
/// together: a reset of one account's quota zeroes the count it reports, not the others'.
struct QuotaBook {
    /// Who an API's quota belongs to.
    enum Holder: Equatable {
        case component
        case authorizer
    }

    struct Entry {
        /// The simulator's counter name for the path.
        var counter: String
        var holder: Holder
        var dailyLimit: Int
    }

    static let entries: [String: Entry] = [
        "/cgi-bin/component/api_component_token": Entry(counter: "api_component_token", holder: .component, dailyLimit: 2_000),
        "/cgi-bin/component/api_create_preauthcode": Entry(counter: "api_create_preauthcode", holder: .component, dailyLimit: 100_000),
        "/cgi-bin/component/api_query_auth": Entry(counter: "api_query_auth", holder: .component, dailyLimit: 100_000),
        "/cgi-bin/component/api_authorizer_token": Entry(counter: "api_authorizer_token", holder: .component, dailyLimit: 100_000),
        "/cgi-bin/component/api_get_authorizer_info": Entry(counter: "api_get_authorizer_info", holder: .component, dailyLimit: 100_000),
        "/cgi-bin/component/api_get_authorizer_list": Entry(counter: "api_get_authorizer_list", holder: .component, dailyLimit: 10_000),
        "/cgi-bin/message/custom/send": Entry(counter: "message_custom_send", holder: .authorizer, dailyLimit: 500_000),
        "/cgi-bin/ticket/getticket": Entry(counter: "ticket_getticket", holder: .authorizer, dailyLimit: 100_000),
        "/cgi-bin/getcallbackip": Entry(counter: "getcallbackip", holder: .authorizer, dailyLimit: 10_000),
    ]

    /// The frequency limit reported for every API.
    static let rateLimit = (callCount: 1_000, refreshSeconds: 60)

    /// Counter values at each holder's last reset: "component" or an appid → counter → value.
    private var baselines: [String: [String: Int]] = [:]
    /// "holder|yyyy-MM" → resets made that month.
    private var resets: [String: Int] = [:]

    /// The quota entry for `cgiPath` as asked by `asker`: 76021 unknown (or written with a host,
    /// or without the leading `/`), 76022 a web-authorization path (`/sns/…`) or another kind of
    /// holder's API.
    static func entry(_ cgiPath: String?, for asker: Holder) throws(APIError) -> Entry {
        guard let cgiPath, cgiPath.hasPrefix("/") else { throw .cgiPathNotFound }
        if cgiPath.hasPrefix("/sns/") { throw .cgiPathNoPermission }
        guard let entry = entries[cgiPath] else { throw .cgiPathNotFound }
        guard entry.holder == asker else { throw .cgiPathNoPermission }
        return entry
    }

    /// Calls counted for `holder` since its last reset.
    func used(_ entry: Entry, holder: String, counters: [String: Int]) -> Int {
        max(0, (counters[entry.counter] ?? 0) - (baselines[holder]?[entry.counter] ?? 0))
    }

    /// One reset for `holder` (48006 once `limit` were made this month).
    mutating func reset(holder: String, counters: [String: Int], now: Date, limit: Int) throws(APIError) {
        let month = Self.monthKey(now)
        let key = holder + "|" + month
        guard resets[key, default: 0] < limit else { throw .clearQuotaLimit }
        resets[key, default: 0] += 1
        baselines[holder] = counters
    }

    func resetsMade(holder: String, now: Date) -> Int { resets[holder + "|" + Self.monthKey(now)] ?? 0 }

    /// `yyyy-MM` in UTC.
    static func monthKey(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }
}
