import Foundation
import WeChat
import WXOpenSupport

/// With `webLogin.keepUserTokens`, each logged-in user's WeChat tokens, kept sealed in the store
/// (entries in `web_login_user`, keyed `appid|openid`) so the app can read the profile again
/// later (`sns/userinfo`) or ask whether the authorization still holds (`sns/auth`). The
/// access token (2 h) is refreshed with the refresh token (30 days from the login) when it has
/// expired or WeChat rejects it: once, by one call per user however many ask, then the call
/// is retried once. The tokens never leave wxopen.
actor WebLoginUsers {
    static let namespace = EntryNamespace("web_login_user", secret: true)
    /// WeChat's web-authorization refresh tokens live 30 days.
    static let refreshLifetime: TimeInterval = 30 * 86_400
    /// An entry outlives its refresh token this long, so the answer stays "log in again" (410)
    /// rather than "never logged in" (404).
    static let tombstoneLifetime: TimeInterval = 30 * 86_400

    /// What is kept for one user of one account.
    struct Kept: Codable, Sendable, Equatable {
        var accessToken: String
        var accessExpiresAt: Date
        var refreshToken: String
        var refreshExpiresAt: Date
        var scope: String
        var unionID: String?
        /// WeChat refused the refresh token (42002/40030), or it outlived its 30 days.
        var refreshExpired = false

        var entryExpiry: Date { refreshExpiresAt + WebLoginUsers.tombstoneLifetime }
    }

    private let platform: Platform
    private var inFlight: [String: Task<Kept, any Error>] = [:]

    init(platform: Platform) { self.platform = platform }

    static func key(appID: String, openID: String) -> String { appID + "|" + openID }

    /// Keeps the tokens of a login that just happened (replacing what was kept for that user).
    nonisolated func keep(_ token: OAuthToken, appID: String, scope: OAuthScope) async throws {
        let now = platform.clock.now()
        let kept = Kept(accessToken: token.accessToken, accessExpiresAt: now + TimeInterval(token.expiresIn),
                        refreshToken: token.refreshToken, refreshExpiresAt: now + Self.refreshLifetime,
                        scope: scope.rawValue, unionID: token.unionID)
        try await platform.store.writeEntry(Self.namespace, key: Self.key(appID: appID, openID: token.openID),
                                            value: EntryJSON.encode(kept), expiresAt: kept.entryExpiry, now: now, when: .always)
    }

    /// The user's current profile (snsapi_userinfo logins only).
    nonisolated func profile(appID: String, openID: String) async throws -> (Kept, SNSUserInfo) {
        let kept = try await load(appID: appID, openID: openID).kept
        guard kept.scope.contains(OAuthScope.userInfo.rawValue) else {
            throw APIProblem(.conflict, "no_userinfo_scope", "the user logged in with snsapi_base: only snsapi_userinfo logins have a profile")
        }
        let client = platform.client
        return try await withUserToken(appID: appID, openID: openID) { kept, token in
            (kept, try await client.userInfo(accessToken: token, openID: openID))
        }
    }

    /// Whether WeChat still accepts the user's authorization (`sns/auth`), refreshing first if needed.
    nonisolated func check(appID: String, openID: String) async throws -> Bool {
        let client = platform.client
        do {
            return try await withUserToken(appID: appID, openID: openID) { _, token in
                // sns/auth says "no" rather than failing: made a rejection, so the token is refreshed once and asked again.
                guard try await client.snsAuth(accessToken: token, openID: openID) else { throw Self.authRefused }
                return true
            }
        } catch PlatformError.wechat(let error) where error == Self.authRefused {
            return false
        }
    }

    /// `sns/auth` refused the token (stands for its false answer inside `withUserToken`).
    static let authRefused = WeChatAPIError.wechat(endpoint: "sns_auth", errcode: 40001, errmsg: "sns/auth: the token is not valid")

    /// Forgets the user's tokens; false when none were kept.
    nonisolated func forget(appID: String, openID: String) async throws -> Bool {
        let removed = try await platform.store.deleteEntry(Self.namespace, key: Self.key(appID: appID, openID: openID), ifVersion: nil)
        if removed { platform.logger.info("weblogin_user_forgotten", ["appid": appID, "openid": Redaction.summary(openID)]) }
        return removed
    }

    /// Runs `call` with a usable access token; a rejection (40001/40014/42001) refreshes it once,
    /// if it is still the one kept, and the call runs once more.
    private nonisolated func withUserToken<T: Sendable>(appID: String, openID: String,
                                                        _ call: @Sendable (Kept, String) async throws -> T) async throws -> T {
        var kept = try await load(appID: appID, openID: openID).kept
        if kept.refreshExpired { throw Self.loginAgain }
        if kept.accessExpiresAt <= platform.clock.now() {
            kept = try await refresh(appID: appID, openID: openID, failed: kept.accessToken)
        }
        do {
            return try await call(kept, kept.accessToken)
        } catch let error as WeChatAPIError where error.kind == .tokenInvalid {
            kept = try await refresh(appID: appID, openID: openID, failed: kept.accessToken)
            do {
                return try await call(kept, kept.accessToken)
            } catch let error as WeChatAPIError {
                throw PlatformError.wechat(error)
            }
        } catch let error as WeChatAPIError {
            throw PlatformError.wechat(error)
        }
    }

    /// Single flight per user: the first caller refreshes, the rest wait for its result.
    private func refresh(appID: String, openID: String, failed: String) async throws -> Kept {
        let key = Self.key(appID: appID, openID: openID)
        if let running = inFlight[key] { return try await running.value }
        let task = Task { try await self.performRefresh(appID: appID, openID: openID, failed: failed) }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        return try await task.value
    }

    private func performRefresh(appID: String, openID: String, failed: String) async throws -> Kept {
        let (entry, kept) = try await load(appID: appID, openID: openID)
        let now = platform.clock.now()
        // Someone (here or another instance) refreshed since the caller looked: use theirs.
        if kept.accessToken != failed, kept.accessExpiresAt > now, !kept.refreshExpired { return kept }
        if kept.refreshExpired { throw Self.loginAgain }
        guard kept.refreshExpiresAt > now else { return try await expire(entry, kept, appID: appID, openID: openID) }
        let client = platform.client
        let token: OAuthToken
        do {
            token = try await platform.componentTokens.withToken { componentToken in
                try await client.oauthRefreshToken(appID: appID, refreshToken: kept.refreshToken, componentToken: componentToken)
            }
        } catch PlatformError.wechat(let wechat) where wechat.kind == .userRefreshTokenInvalid {
            return try await expire(entry, kept, appID: appID, openID: openID)
        }
        var refreshed = kept
        refreshed.accessToken = token.accessToken
        refreshed.accessExpiresAt = now + TimeInterval(token.expiresIn)
        if token.refreshToken != kept.refreshToken {
            refreshed.refreshToken = token.refreshToken
            refreshed.refreshExpiresAt = now + Self.refreshLifetime
        }
        refreshed.unionID = token.unionID ?? kept.unionID
        let write = try await platform.store.writeEntry(Self.namespace, key: entry.key, value: EntryJSON.encode(refreshed),
                                                        expiresAt: refreshed.entryExpiry, now: now, when: .version(entry.version))
        platform.logger.info("weblogin_user_token_refreshed", ["appid": appID, "openid": Redaction.summary(openID),
                                                                "expires_in": "\(token.expiresIn)",
                                                                "stored": write.entry == nil ? "no: changed meanwhile" : "yes"])
        return refreshed
    }

    /// Marks the refresh token dead (kept as such until the entry expires) and says so: 410.
    private func expire(_ entry: StoredEntry, _ kept: Kept, appID: String, openID: String) async throws -> Kept {
        var dead = kept
        dead.refreshExpired = true
        try await platform.store.writeEntry(Self.namespace, key: entry.key, value: EntryJSON.encode(dead), expiresAt: kept.entryExpiry,
                                            now: platform.clock.now(), when: .version(entry.version))
        platform.logger.info("weblogin_user_refresh_expired", ["appid": appID, "openid": Redaction.summary(openID)])
        throw Self.loginAgain
    }

    private nonisolated func load(appID: String, openID: String) async throws -> (entry: StoredEntry, kept: Kept) {
        let entry = try await platform.store.entry(Self.namespace, key: Self.key(appID: appID, openID: openID), now: platform.clock.now())
        guard let entry, let kept = EntryJSON.decode(Kept.self, from: entry) else {
            throw APIProblem(.notFound, "user_not_found", "no kept login of the user for \(PlatformError.named(appID)): they never "
                                + "logged in here (with keepUserTokens on) or were forgotten")
        }
        return (entry, kept)
    }

    static let loginAgain = APIProblem(.gone, "login_required",
                                       "the user's refresh token expired (it lives 30 days): they must log in again", wechatErrcode: 42002)
}
