import Foundation

/// Pre-auth codes, authorization codes and the accounts' authorizations with their refresh
/// tokens: everything the merchant's authorization creates.
struct AuthorizationLedger {
    struct PreAuthCodeRecord {
        var expiresAt: Date
        var used = false
        /// What the authorization page was opened with; set when the page is shown.
        var page: AuthorizationPageRequest?
    }

    struct AuthorizationCodeRecord {
        var appID: String
        var expiresAt: Date
        var used = false
    }

    enum PreAuthCodeProblem: Error, Equatable {
        case unknown, expired, used
    }

    /// What an authorization produced: the code and which push announces it.
    struct Grant: Equatable {
        var code: String
        var expiresAt: Date
        /// `authorized` or `updateauthorized`.
        var infoType: String
    }

    /// Codes are swept of dead entries once there are this many.
    static let pruneThreshold = 10_000

    private(set) var preAuthCodes: [String: PreAuthCodeRecord] = [:]
    private(set) var codes: [String: AuthorizationCodeRecord] = [:]
    private(set) var authorizations: [String: Authorization] = [:]
    /// Appids of active authorizations in authorization order: `api_get_authorizer_list`'s pages.
    private(set) var activeOrder: [String] = []

    mutating func createPreAuthCode(now: Date, lifetime: TimeInterval) -> String {
        if preAuthCodes.count >= Self.pruneThreshold { preAuthCodes = preAuthCodes.filter { !$0.value.used && now < $0.value.expiresAt } }
        let code = TokenFactory.preAuthCode()
        preAuthCodes[code] = PreAuthCodeRecord(expiresAt: now + lifetime)
        return code
    }

    func preAuthCode(_ code: String?, now: Date) throws(PreAuthCodeProblem) -> PreAuthCodeRecord {
        guard let code, let record = preAuthCodes[code] else { throw .unknown }
        if record.used { throw .used }
        if now >= record.expiresAt { throw .expired }
        return record
    }

    mutating func rememberPage(_ page: AuthorizationPageRequest, for code: String) {
        preAuthCodes[code]?.page = page
    }

    /// Marks a pre-auth code used; it is single use.
    mutating func consumePreAuthCode(_ code: String, now: Date) throws(PreAuthCodeProblem) -> PreAuthCodeRecord {
        let record = try preAuthCode(code, now: now)
        preAuthCodes[code]?.used = true
        return record
    }

    /// Records an authorization (first or repeated) and creates its code. Every authorization
    /// by the merchant issues a new refresh token ("replaced when the merchant re-authorizes");
    /// a repeat with changed permission sets is announced as `updateauthorized`.
    mutating func authorize(_ appID: String, funcIDs: [Int], now: Date, codeLifetime: TimeInterval) -> Grant {
        let infoType = record(appID, funcIDs: funcIDs, now: now)
        return grant(appID, infoType: infoType, now: now, lifetime: codeLifetime)
    }

    /// Records an authorization without a code (bulk benchmark accounts); returns the push
    /// type it would be announced with.
    @discardableResult
    mutating func record(_ appID: String, funcIDs: [Int], now: Date) -> String {
        if var existing = authorizations[appID], existing.isActive {
            let infoType = existing.funcIDs == funcIDs ? "authorized" : "updateauthorized"
            existing.funcIDs = funcIDs
            existing.refreshToken = TokenFactory.refreshToken()
            existing.authTime = now
            authorizations[appID] = existing
            return infoType
        }
        authorizations[appID] = Authorization(appID: appID, funcIDs: funcIDs, refreshToken: TokenFactory.refreshToken(),
                                              authTime: now, isActive: true)
        activeOrder.append(appID)
        return "authorized"
    }

    /// Changes an active authorization's permission sets (`updateauthorized`); the refresh
    /// token stays. Nil when the account has not authorized.
    mutating func updatePermissions(_ appID: String, funcIDs: [Int], now: Date, codeLifetime: TimeInterval) -> Grant? {
        guard authorizations[appID]?.isActive == true else { return nil }
        authorizations[appID]?.funcIDs = funcIDs
        return grant(appID, infoType: "updateauthorized", now: now, lifetime: codeLifetime)
    }

    /// Ends an authorization; false when there was none.
    mutating func revoke(_ appID: String) -> Bool {
        guard authorizations[appID]?.isActive == true else { return false }
        authorizations[appID]?.isActive = false
        activeOrder.removeAll { $0 == appID }
        return true
    }

    /// `api_query_auth`: 61009 unknown, 61010 expired ("code is expired"), 40163 used, 61003 revoked since.
    mutating func redeem(_ code: String?, now: Date) throws(APIError) -> Authorization {
        guard let code, !code.isEmpty else { throw .codeMissing }
        guard let record = codes[code] else { throw .authCodeInvalid }
        if record.used { throw .codeUsed }
        if now >= record.expiresAt { throw .authCodeExpired }
        codes[code]?.used = true
        guard let authorization = authorizations[record.appID], authorization.isActive else { throw .notAuthorized }
        return authorization
    }

    /// `api_authorizer_token`'s refresh-token rule: 61003 when not authorized, 61023 unless it
    /// is the latest refresh token. Returns the refresh token to answer with.
    mutating func refresh(_ appID: String, refreshToken: String?, rotate: Bool) throws(APIError) -> String {
        guard let authorization = authorizations[appID], authorization.isActive else { throw .notAuthorized }
        guard let refreshToken, refreshToken == authorization.refreshToken else { throw .refreshTokenInvalid }
        guard rotate else { return refreshToken }
        let next = TokenFactory.refreshToken()
        authorizations[appID]?.refreshToken = next
        return next
    }

    func active(_ appID: String) -> Authorization? {
        guard let authorization = authorizations[appID], authorization.isActive else { return nil }
        return authorization
    }

    private mutating func grant(_ appID: String, infoType: String, now: Date, lifetime: TimeInterval) -> Grant {
        // Spent codes answer the same as unknown ones only after expiry, so keep used ones until then.
        if codes.count >= Self.pruneThreshold { codes = codes.filter { now < $0.value.expiresAt } }
        let code = TokenFactory.authorizationCode()
        codes[code] = AuthorizationCodeRecord(appID: appID, expiresAt: now + lifetime)
        return Grant(code: code, expiresAt: now + lifetime, infoType: infoType)
    }
}
