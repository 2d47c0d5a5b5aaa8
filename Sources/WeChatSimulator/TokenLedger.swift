import Foundation

/// Every component and authorizer access token WeChat has issued, with its expiry. A new
/// token replaces the previous one of the same owner, which keeps working for a grace period
/// (WeChat's five minutes) and then fails with 40001: the mechanism behind refresh storms.
struct TokenLedger {
    enum Owner: Hashable {
        case component
        case authorizer(String)
    }

    struct Record {
        var owner: Owner
        var expiresAt: Date
        var replacedAt: Date?
    }

    private(set) var records: [String: Record] = [:]
    /// Each owner's tokens, newest last; older ones are dropped once past their grace.
    private var byOwner: [Owner: [String]] = [:]

    /// Issues a token for `owner`, replacing its previous one.
    mutating func issue(for owner: Owner, now: Date, lifetime: TimeInterval, grace: TimeInterval) -> String {
        let token: String
        switch owner {
        case .component: token = TokenFactory.componentToken()
        case .authorizer: token = TokenFactory.authorizerToken()
        }
        var tokens = byOwner[owner] ?? []
        if let previous = tokens.last { records[previous]?.replacedAt = now }
        // A token past its grace is as dead as an unknown one (40001 either way): forget it.
        tokens.removeAll { old in
            guard let replacedAt = records[old]?.replacedAt, now >= replacedAt + grace else { return false }
            records[old] = nil
            return true
        }
        tokens.append(token)
        byOwner[owner] = tokens
        records[token] = Record(owner: owner, expiresAt: now + lifetime)
        return token
    }

    /// Who a presented token belongs to, or WeChat's error: 41001 missing, 40014 malformed,
    /// 40001 unknown or replaced more than `grace` ago, 42001 expired.
    func owner(of token: String?, now: Date, grace: TimeInterval) throws(APIError) -> Owner {
        guard let token, !token.isEmpty else { throw .accessTokenMissing }
        guard TokenFactory.isWellFormed(token) else { throw .invalidAccessToken }
        guard let record = records[token] else { throw .invalidCredential }
        if let replacedAt = record.replacedAt, now >= replacedAt + grace { throw .invalidCredential }
        if now >= record.expiresAt { throw .accessTokenExpired }
        return record.owner
    }

    /// The component token check: an authorizer token here is 40001, as it is at WeChat.
    func requireComponent(_ token: String?, now: Date, grace: TimeInterval) throws(APIError) {
        guard try owner(of: token, now: now, grace: grace) == .component else { throw .invalidCredential }
    }

    /// The authorizer token check; returns the authorizer's appid.
    func requireAuthorizer(_ token: String?, now: Date, grace: TimeInterval) throws(APIError) -> String {
        guard case .authorizer(let appID) = try owner(of: token, now: now, grace: grace) else { throw .invalidCredential }
        return appID
    }

    /// Forgets every token of an authorizer (it revoked the platform): they become 40001.
    mutating func removeAll(of owner: Owner) {
        for token in byOwner[owner] ?? [] { records[token] = nil }
        byOwner[owner] = nil
    }

    /// The newest token of an owner, for tests and the console.
    func latest(of owner: Owner) -> String? { byOwner[owner]?.last }
}
