import Foundation

/// Web authorization (网页授权) for users of authorized official accounts: codes, user access
/// tokens and refresh tokens.
struct OAuthLedger {
    struct Grant: Equatable {
        var appID: String
        var userID: String
        var openID: String
        var scope: String
    }

    struct CodeRecord {
        var grant: Grant
        var expiresAt: Date
        var used = false
    }

    struct TokenRecord {
        var grant: Grant
        var expiresAt: Date
    }

    /// What the code exchange and the refresh answer.
    struct IssuedToken: Equatable {
        var accessToken: String
        var refreshToken: String
        var grant: Grant
    }

    /// Dead entries are swept once a table holds this many.
    static let pruneThreshold = 10_000

    private var codes: [String: CodeRecord] = [:]
    private var accessTokens: [String: TokenRecord] = [:]
    private var refreshTokens: [String: TokenRecord] = [:]

    mutating func issueCode(_ grant: Grant, now: Date, lifetime: TimeInterval) -> String {
        if codes.count >= Self.pruneThreshold { codes = codes.filter { now < $0.value.expiresAt } }
        let code = TokenFactory.oauthCode()
        codes[code] = CodeRecord(grant: grant, expiresAt: now + lifetime)
        return code
    }

    /// 41008 missing, 40029 unknown, expired or for another account, 40163 used.
    mutating func exchange(code: String?, appID: String?, now: Date, tokenLifetime: TimeInterval,
                           refreshLifetime: TimeInterval) throws(APIError) -> IssuedToken {
        guard let code, !code.isEmpty else { throw .codeMissing }
        guard let record = codes[code], record.grant.appID == appID else { throw .invalidCode }
        if record.used { throw .codeUsed }
        if now >= record.expiresAt { throw .invalidCode }
        codes[code]?.used = true
        let refreshToken = TokenFactory.oauthRefreshToken()
        if refreshTokens.count >= Self.pruneThreshold { refreshTokens = refreshTokens.filter { now < $0.value.expiresAt } }
        refreshTokens[refreshToken] = TokenRecord(grant: record.grant, expiresAt: now + refreshLifetime)
        return IssuedToken(accessToken: issueAccessToken(record.grant, now: now, lifetime: tokenLifetime),
                           refreshToken: refreshToken, grant: record.grant)
    }

    /// 40030 unknown or for another account, 42002 expired. The refresh token stays the same.
    mutating func refresh(_ refreshToken: String?, appID: String?, now: Date,
                          tokenLifetime: TimeInterval) throws(APIError) -> IssuedToken {
        guard let refreshToken, let record = refreshTokens[refreshToken], record.grant.appID == appID else {
            throw .invalidOAuthRefreshToken
        }
        if now >= record.expiresAt { throw .oauthRefreshTokenExpired }
        return IssuedToken(accessToken: issueAccessToken(record.grant, now: now, lifetime: tokenLifetime),
                           refreshToken: refreshToken, grant: record.grant)
    }

    /// A user's token with its openid: 41001 missing, 40001 unknown, 42001 expired, 40003
    /// another user's openid.
    func check(accessToken: String?, openID: String?, now: Date) throws(APIError) -> Grant {
        guard let accessToken, !accessToken.isEmpty else { throw .accessTokenMissing }
        guard let record = accessTokens[accessToken] else { throw .invalidCredential }
        if now >= record.expiresAt { throw .accessTokenExpired }
        guard record.grant.openID == openID else { throw .invalidOpenID }
        return record.grant
    }

    private mutating func issueAccessToken(_ grant: Grant, now: Date, lifetime: TimeInterval) -> String {
        let token = TokenFactory.oauthToken()
        if accessTokens.count >= Self.pruneThreshold { accessTokens = accessTokens.filter { now < $0.value.expiresAt } }
        accessTokens[token] = TokenRecord(grant: grant, expiresAt: now + lifetime)
        return token
    }
}
