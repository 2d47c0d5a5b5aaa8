import Foundation
import WeChat
import WXOpenSupport

/// Keeps every authorizer's access token valid and hands it out. One upstream refresh per
/// account however many callers ask at once, on this instance (single flight) and across the
/// instances on one store (`RefreshClaims`); the refresh token WeChat returns is stored in
/// the same durable write as the access token, before anyone sees the new access token; a
/// refresh token is never replaced by nothing or lost on a failed call. Records are served from
/// memory (`TokenCache`) until the store announces a change to them.
public actor AuthorizerTokenManager {
    private let context: ServiceContext
    private let componentTokens: ComponentTokenManager
    public nonisolated let margin: TimeInterval
    private nonisolated let limiter: ConcurrencyLimiter
    /// How many refreshes run at once: the refresher plans it, busy answers lower it.
    nonisolated let pace: RefreshPace
    /// The accounts read lately, under policy `hot` (nil: policy `all`, nothing noted).
    nonisolated let hotAccounts: HotAccounts?
    private let metrics: PlatformMetrics?
    private nonisolated let cache: TokenCache<AuthorizerRecord>
    /// Also what the refresher claims its batches with.
    nonisolated let claims: RefreshClaims
    /// Told when an account needs re-authorization or turns out revoked (lifecycle deliveries).
    private let forwarding: ForwardingService?
    private var inFlight: [String: Task<AuthorizerRecord, any Error>] = [:]

    init(_ context: ServiceContext, componentTokens: ComponentTokenManager, margin: TimeInterval, concurrency: Int,
         metrics: PlatformMetrics? = nil, forwarding: ForwardingService? = nil, instanceID: String = "wxopen",
         claimLease: TimeInterval = 30, cacheCapacity: Int = 20_000, maxConcurrency: Int? = nil, hotWindow: TimeInterval? = nil) {
        self.context = context
        self.componentTokens = componentTokens
        self.margin = margin
        self.forwarding = forwarding
        self.limiter = ConcurrencyLimiter(limit: concurrency)
        pace = RefreshPace(floor: concurrency, ceiling: maxConcurrency ?? concurrency)
        hotAccounts = hotWindow.map { HotAccounts(window: $0, store: context.store, clock: context.clock, logger: context.logger) }
        self.metrics = metrics
        cache = TokenCache(capacity: cacheCapacity)
        claims = RefreshClaims(store: context.store, clock: context.clock, lease: claimLease, owner: instanceID, logger: context.logger)
    }

    /// The most upstream refreshes that ran at once so far.
    public func peakConcurrency() async -> Int { await limiter.peak }

    /// How many upstream refreshes may run at once now.
    public nonisolated func concurrencyLimit() async -> Int { await limiter.limit }

    /// The limit the refresher planned last (or a busy answer set): what `concurrencyLimit` is
    /// once the limiter has taken it, readable without waiting for the limiter.
    public nonisolated var plannedConcurrency: Int { pace.limit }

    nonisolated func setConcurrency(_ limit: Int) async { await limiter.setLimit(limit) }

    /// A token with at least the margin left, refreshing first when needed. The warm path stays
    /// off the actor and off the store: a handler on an event loop reads memory and answers.
    /// While the store is unreachable a held token that has not expired is still served, even
    /// inside the margin: nothing better can be had until the store is back.
    public nonisolated func accessToken(appID: String) async throws -> AuthorizerRecord {
        hotAccounts?.noteRead(appID)
        let record = try await usableRecord(appID, fromMemory: true)
        if hasFreshToken(record) { return record }
        do {
            return try await refresh(appID: appID, replacing: nil)
        } catch StoreError.unavailable(let store, let detail) {
            guard let expiresAt = record.accessTokenExpiresAt, expiresAt > context.clock.now() else {
                throw StoreError.unavailable(store: store, detail: detail)
            }
            context.logger.warning("authorizer_token_served_unrefreshed", ["authorizer_appid": appID, "expires_in": "\(Int(expiresAt.timeIntervalSince(context.clock.now())))",
                                                                           "reason": "the store is unavailable"])
            return record
        }
    }

    /// The caller saw `invalidToken` rejected (40001). Refresh only if it is still the current
    /// token (as stored: another instance may have replaced it); otherwise hand out the current
    /// one. This is what stops refresh storms.
    public nonisolated func refresh(appID: String, ifCurrent invalidToken: String?) async throws -> AuthorizerRecord {
        hotAccounts?.noteRead(appID)
        let record = try await usableRecord(appID, fromMemory: false)
        if let invalidToken, let current = record.accessToken, current != invalidToken, hasFreshToken(record) {
            return record
        }
        return try await refresh(appID: appID, replacing: invalidToken ?? record.accessToken)
    }

    /// The store announced a change to `appID`'s record (this instance's or another's).
    public nonisolated func invalidate(appID: String) {
        cache.remove(appID)
    }

    /// Notices may have been missed: forget every record held.
    public nonisolated func invalidateAll() {
        cache.removeAll()
    }

    /// Records held in memory (for tests and the benchmark).
    nonisolated var cachedCount: Int { cache.count }

    /// Runs a WeChat call as the account, with its access token. When WeChat rejects the token
    /// (40001/40014/42001) it is refreshed only if it is still the current one, and the call
    /// is made once more; never a loop. Errors become `PlatformError`.
    public nonisolated func withToken<T: Sendable>(appID: String, _ call: @Sendable (String) async throws -> T) async throws -> T {
        let first = try await accessToken(appID: appID)
        guard let token = first.accessToken else { throw PlatformError.missingRefreshToken(appID: appID) }
        do {
            return try await call(token)
        } catch let error as WeChatAPIError where error.kind == .tokenInvalid {
            context.logger.warning("authorizer_token_rejected", ["authorizer_appid": appID, "endpoint": error.endpoint,
                                                                 "errcode": "\(error.errcode ?? 0)", "token": Redaction.summary(token),
                                                                 "action": "refreshing it if still current and retrying once"])
            let fresh = try await refresh(appID: appID, ifCurrent: token)
            guard let retried = fresh.accessToken else { throw PlatformError.missingRefreshToken(appID: appID) }
            do {
                return try await call(retried)
            } catch let error as WeChatAPIError {
                throw PlatformError.wechat(error)
            }
        } catch let error as WeChatAPIError {
            throw PlatformError.wechat(error)
        }
    }

    /// Refreshes now, whatever the current token (the API's force, the console's button): single
    /// flight per account; a token another instance stored since is taken as that refresh.
    public func refresh(appID: String) async throws -> AuthorizerRecord {
        try await refresh(appID: appID, replacing: context.store.authorizer(appID: appID)?.accessToken)
    }

    /// Refreshes unless the stored token is fresh and other than `stale` by the time this
    /// instance may: single flight per account here, one claim across instances. `claim` is one
    /// the refresher holds for this account already.
    func refresh(appID: String, replacing stale: String?, claim: StoredEntry? = nil) async throws -> AuthorizerRecord {
        if let running = inFlight[appID] {
            // Let go first: the refresh running here may be waiting for exactly this claim.
            if let claim { await claims.release(claim, refreshed: false) }
            return try await running.value
        }
        let task = Task {
            try await self.claims.run("authorizer:" + appID, held: claim, done: { try await self.storedFresh(appID, replacing: stale) },
                                      refresh: { try await self.performRefresh(appID: appID) })
        }
        inFlight[appID] = task
        defer { inFlight[appID] = nil }
        return try await task.value
    }

    nonisolated func hasFreshToken(_ record: AuthorizerRecord) -> Bool {
        guard record.accessToken != nil, let expiresAt = record.accessTokenExpiresAt else { return false }
        return expiresAt.timeIntervalSince(context.clock.now()) > margin
    }

    /// The record, from memory when `fromMemory` (read from the store and kept when not held),
    /// else as stored now; an error unless it is authorized.
    private nonisolated func usableRecord(_ appID: String, fromMemory: Bool) async throws -> AuthorizerRecord {
        let found = if fromMemory, let held = cache.value(appID) {
            held
        } else if fromMemory {
            try await cache.load(appID) { try await context.store.authorizer(appID: appID) }
        } else {
            try await context.store.authorizer(appID: appID)
        }
        guard let record = found else { throw PlatformError.unknownAuthorizer(appID: appID) }
        guard record.status == .authorized else {
            throw PlatformError.authorizerUnavailable(appID: appID, status: record.status, reason: record.statusReason)
        }
        return record
    }

    /// The stored record when its token is fresh and not `stale`: a refresh is then done already.
    private nonisolated func storedFresh(_ appID: String, replacing stale: String?) async throws -> AuthorizerRecord? {
        let record = try await usableRecord(appID, fromMemory: false)
        return hasFreshToken(record) && record.accessToken != stale ? record : nil
    }

    private func performRefresh(appID: String) async throws -> AuthorizerRecord {
        try await limiter.run {
            let record = try await self.usableRecord(appID, fromMemory: false)
            do {
                guard let refreshToken = record.refreshToken else {
                    return try await self.recover(appID: appID, failedRefreshToken: nil, reason: "no refresh token stored")
                }
                return try await self.refresh(appID: appID, with: refreshToken)
            } catch {
                await self.refreshFailed(appID, error)
                throw error
            }
        }
    }

    /// Counts one failed refresh, once, in the event log (the dashboard) and the metric.
    private func refreshFailed(_ appID: String, _ error: any Error) async {
        metrics?.refreshFailed(kind: TokenRefreshes.authorizer, errcode: (error as? PlatformError)?.wechatErrcode)
        context.logger.error("authorizer_token_refresh_failed", ["authorizer_appid": appID, "error": "\(error)"])
        await context.events.record(TokenRefreshes.authorizerFailedEvent, appID: appID, outcome: "failed", "\(error)")
    }

    private func refresh(appID: String, with refreshToken: String, afterRecovery: Bool = false) async throws -> AuthorizerRecord {
        let client = context.client
        let result: AuthorizerToken
        do {
            result = try await componentTokens.withToken { token in
                try await client.authorizerToken(componentToken: token, authorizerAppID: appID, refreshToken: refreshToken)
            }
        } catch let error as PlatformError {
            guard case .wechat(let wechat) = error else { throw error }
            switch wechat.kind {
            case .refreshTokenInvalid where !afterRecovery:
                return try await recover(appID: appID, failedRefreshToken: refreshToken, reason: "61023 refresh token invalid")
            case .refreshTokenInvalid:
                try await changeStatus(appID, to: .needsReauthorization, reason: "61023: the refresh token from the authorizer list was refused too")
                throw error
            case .revoked:
                try await changeStatus(appID, to: .revoked, reason: "61003: WeChat says the account no longer authorizes this platform")
                throw error
            case .busy, .quota:
                // Fewer calls at once, here and in the refresher's next batches.
                await limiter.setLimit(pace.noteBusy(now: context.clock.now()))
                try await noteFailure(appID, error)
                throw error
            default:
                try await noteFailure(appID, error)
                throw error
            }
        }
        let now = context.clock.now()
        let stored = try await context.store.updateAuthorizer(appID: appID) { current in
            // A re-authorization replaced the refresh token meanwhile: its tokens are newer than ours.
            guard var record = current, record.refreshToken == refreshToken, record.status == .authorized else { return nil }
            if let rotated = result.refreshToken { record.refreshToken = rotated }
            record.accessToken = result.accessToken
            record.accessTokenExpiresAt = now + TimeInterval(result.expiresIn)
            record.lastRefreshAt = now
            record.lastRefreshError = nil
            record.updatedAt = now
            return record
        }
        guard let stored else { throw PlatformError.unknownAuthorizer(appID: appID) }
        metrics?.refreshed(kind: TokenRefreshes.authorizer)
        context.logger.info("authorizer_token_refreshed", ["authorizer_appid": appID, "expires_in": "\(result.expiresIn)",
                                                           "refresh_token_rotated": "\(result.refreshToken.map { $0 != refreshToken } ?? false)"])
        await context.events.record(TokenRefreshes.authorizerRefreshedEvent, appID: appID, "access token refreshed, expires in \(result.expiresIn) s")
        return stored
    }

    /// 61023 or no refresh token: look the account up in `api_get_authorizer_list` (500 per
    /// page); a different refresh token there is stored and tried once. Otherwise the account
    /// needs the merchant to authorize again.
    private func recover(appID: String, failedRefreshToken: String?, reason: String) async throws -> AuthorizerRecord {
        context.logger.warning("refresh_token_recovery", ["authorizer_appid": appID, "reason": reason])
        let listed = try await AuthorizerListWalker(componentTokens: componentTokens, client: context.client).refreshToken(for: appID)
        guard let recovered = listed, recovered != failedRefreshToken else {
            try await changeStatus(appID, to: .needsReauthorization,
                                   reason: "\(reason); not recoverable from api_get_authorizer_list: the merchant must authorize again")
            throw PlatformError.authorizerUnavailable(appID: appID, status: .needsReauthorization, reason: reason)
        }
        let now = context.clock.now()
        try await context.store.updateAuthorizer(appID: appID) { current in
            guard var record = current else { return nil }
            record.refreshToken = recovered
            record.updatedAt = now
            return record
        }
        await context.events.record("token.refresh_token_recovered", appID: appID, "\(reason); refresh token recovered from api_get_authorizer_list")
        return try await refresh(appID: appID, with: recovered, afterRecovery: true)
    }

    private func changeStatus(_ appID: String, to status: AuthorizerStatus, reason: String) async throws {
        let now = context.clock.now()
        let stored = try await context.store.updateAuthorizer(appID: appID) { current in
            guard var record = current, record.status != status else { return nil }
            record.status = status
            record.statusReason = reason
            record.accessToken = nil
            record.accessTokenExpiresAt = nil
            if status == .revoked { record.revokedAt = now }
            record.updatedAt = now
            return record
        }
        context.logger.warning("authorizer_status_changed", ["authorizer_appid": appID, "status": status.rawValue, "reason": reason])
        await context.events.record("authorizer.status_changed", appID: appID, outcome: "failed", "\(status.rawValue): \(reason)")
        // Announced once, by the write that made the change (`updatedAt` is this one's).
        if let stored, stored.status == status, stored.updatedAt == now {
            await forwarding?.notify(status == .revoked ? .unauthorized : .needsReauthorization, record: stored)
        }
    }

    /// Keeps the failure on the account, for its page and the API; `refreshFailed` counts it.
    private func noteFailure(_ appID: String, _ error: PlatformError) async throws {
        let now = context.clock.now()
        try await context.store.updateAuthorizer(appID: appID) { current in
            guard var record = current else { return nil }
            record.lastRefreshError = error.description
            record.updatedAt = now
            return record
        }
    }
}
