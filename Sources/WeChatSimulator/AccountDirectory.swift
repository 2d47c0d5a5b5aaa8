import Foundation

/// The accounts that exist in the simulated WeChat, with their options and JS-SDK tickets.
struct AccountDirectory {
    private(set) var accounts: [String: SimulatedAccount] = [:]
    /// Appids in creation order.
    private(set) var order: [String] = []
    /// Appids of the configured (not bulk) accounts in creation order: what pages list, so a
    /// page stays quick with 10,000 bulk accounts.
    private(set) var listed: [String] = []
    /// Bulk accounts created so far; the next is `wxsim` + (bulkCount + 1).
    private(set) var bulkCount = 0
    /// option_name → option_value per appid (old option API); unset options read as defaults.
    private var options: [String: [String: String]] = [:]
    private var jsapiTickets: [String: (ticket: String, expiresAt: Date)] = [:]

    /// The option names and values WeChat's old option API accepts, and their defaults.
    static let optionValues: [String: [String]] = [
        "location_report": ["0", "1", "2"], "voice_recognize": ["0", "1"], "customer_service": ["0", "1"],
    ]
    static let optionDefaults = ["location_report": "0", "voice_recognize": "0", "customer_service": "0"]

    /// The given accounts, plus WeChat's full-release test accounts when missing (the check needs them).
    init(_ accounts: [SimulatedAccount]) {
        for account in accounts { add(account) }
        for group in SimulatedAccount.fullReleaseGroups {
            for account in [group.officialAccount, group.miniProgram] where self.accounts[account.appID] == nil { add(account) }
        }
    }

    subscript(appID: String) -> SimulatedAccount? { accounts[appID] }

    var all: [SimulatedAccount] { order.compactMap { accounts[$0] } }

    /// The configured accounts, without bulk ones.
    var configured: [SimulatedAccount] { listed.compactMap { accounts[$0] } }

    /// Adds or replaces an account.
    mutating func add(_ account: SimulatedAccount) { add(account, listed: true) }

    private mutating func add(_ account: SimulatedAccount, listed isListed: Bool) {
        if accounts[account.appID] == nil {
            order.append(account.appID)
            if isListed { listed.append(account.appID) }
        }
        accounts[account.appID] = account
    }

    /// Creates the next `count` numbered benchmark accounts and returns their appids.
    mutating func addBulk(_ count: Int, kind: SimulatedAccount.Kind = .officialAccount) -> [String] {
        var created: [String] = []
        created.reserveCapacity(count)
        for _ in 0..<count {
            bulkCount += 1
            let account = kind == .miniProgram ? SimulatedAccount.bulkMiniProgram(bulkCount) : SimulatedAccount.bulk(bulkCount)
            add(account, listed: false)
            created.append(account.appID)
        }
        return created
    }

    func option(_ name: String, of appID: String) -> String? {
        guard Self.optionValues[name] != nil else { return nil }
        return options[appID]?[name] ?? Self.optionDefaults[name]
    }

    /// False when the name or value is not one WeChat accepts.
    mutating func setOption(_ name: String, _ value: String, of appID: String) -> Bool {
        guard Self.optionValues[name]?.contains(value) == true else { return false }
        options[appID, default: [:]][name] = value
        return true
    }

    /// The live ticket under `key` (`appid|type`), without issuing one.
    func currentJSAPITicket(for key: String, now: Date) -> String? {
        guard let current = jsapiTickets[key], now < current.expiresAt else { return nil }
        return current.ticket
    }

    /// The account's jsapi_ticket, renewed once expired.
    mutating func jsapiTicket(for appID: String, now: Date, lifetime: TimeInterval) -> String {
        if let current = jsapiTickets[appID], now < current.expiresAt { return current.ticket }
        let ticket = TokenFactory.jsapiTicket()
        jsapiTickets[appID] = (ticket, now + lifetime)
        return ticket
    }
}
