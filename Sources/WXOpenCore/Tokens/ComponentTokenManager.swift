import Foundation
import WeChat
import WXOpenSupport

/// Keeps `component_access_token` valid: fetched from the stored ticket on demand, refreshed
/// when less than `margin` remains, persisted so a restart reuses it, and fetched by exactly
/// one upstream call however many callers need it at once, on this instance (single flight) and
/// across instances on one store (`RefreshClaims`). The token is served from memory
/// (`TokenCache`) until the store announces another one.
public actor ComponentTokenManager {
    public nonisolated let componentAppID: String
    private let appSecret: String
    private let context: ServiceContext
    private let margin: TimeInterval
    private let retry: RetryPolicy
    private let sleep: Sleeper
    private let metrics: PlatformMetrics?
    private nonisolated let cache = TokenCache<StoredComponentToken>(capacity: 1)
    private nonisolated let claims: RefreshClaims
    private var inFlight: Task<StoredComponentToken, any Error>?
    private var lastPushRequest: Date?
    /// Why the last fetch failed, and the ticket it had (by when it was received); nil after a success.
    private var lastFailure: (reason: String, ticketReceivedAt: Date?)?

    /// `api_start_push_ticket` is asked for at most this often.
    public static let pushRequestInterval: TimeInterval = 600

    init(_ context: ServiceContext, componentAppID: String, appSecret: String, margin: TimeInterval, retry: RetryPolicy = .default,
         sleep: @escaping Sleeper = Sleepers.real, metrics: PlatformMetrics? = nil, instanceID: String = "wxopen",
         claimLease: TimeInterval = 30) {
        self.context = context
        self.componentAppID = componentAppID
        self.appSecret = appSecret
        self.margin = margin
        self.retry = retry
        self.sleep = sleep
        self.metrics = metrics
        claims = RefreshClaims(store: context.store, clock: context.clock, lease: claimLease, owner: instanceID, logger: context.logger)
    }

    /// A token with more than the margin left, fetching one first if needed. The warm path reads
    /// memory only: no actor hop, no store.
    public nonisolated func token() async throws -> StoredComponentToken {
        if let held = try await held(), held.expiresAt.timeIntervalSince(context.clock.now()) > margin { return held }
        return try await refresh(replacing: nil)
    }

    /// A caller saw `failed` rejected (40001/40014/42001): drop it only if it is still the one
    /// stored, and fetch once; if someone (here or on another instance) already replaced it, the
    /// replacement is returned.
    public nonisolated func replace(failed: String) async throws -> StoredComponentToken {
        let stored = try await context.store.componentToken(componentAppID: componentAppID)
        if let stored, stored.token != failed, stored.expiresAt.timeIntervalSince(context.clock.now()) > margin { return stored }
        if stored?.token == failed {
            try await context.store.deleteComponentToken(componentAppID: componentAppID, ifToken: failed)
        }
        return try await refresh(replacing: failed)
    }

    /// Fetches a new token now, whatever is cached: the API's `{"force": true}`, which its
    /// caller rate-limits. A token another instance stored since is taken as that refresh.
    public nonisolated func forceRefresh() async throws -> StoredComponentToken {
        try await refresh(replacing: context.store.componentToken(componentAppID: componentAppID)?.token)
    }

    /// The store announced another token (this instance's or another's): forget the one in memory.
    public nonisolated func invalidate() {
        cache.removeAll()
    }

    /// The token held: from memory, or read from the store (and kept).
    private nonisolated func held() async throws -> StoredComponentToken? {
        if let cached = cache.value(componentAppID) { return cached }
        return try await cache.load(componentAppID) { try await context.store.componentToken(componentAppID: componentAppID) }
    }

    /// What the store holds when it is fresh and not `stale`: a refresh is then done already.
    private nonisolated func storedFresh(replacing stale: String?) async throws -> StoredComponentToken? {
        guard let stored = try await context.store.componentToken(componentAppID: componentAppID), stored.token != stale,
              stored.expiresAt.timeIntervalSince(context.clock.now()) > margin else { return nil }
        return stored
    }

    /// Runs a WeChat call with the component token. A token rejected as invalid is replaced and
    /// the call retried exactly once; `-1` is retried with backoff. Errors become `PlatformError`.
    public nonisolated func withToken<T: Sendable>(retry policy: RetryPolicy = .default,
                                                  _ call: @escaping @Sendable (String) async throws -> T) async throws -> T {
        let first = try await token()
        do {
            return try await policy.run(sleep: sleep) { try await call(first.token) }
        } catch let error as WeChatAPIError where error.kind == .tokenInvalid {
            context.logger.warning("component_token_rejected", ["endpoint": error.endpoint, "errcode": "\(error.errcode ?? 0)",
                                                                "token": Redaction.summary(first.token), "action": "replacing it and retrying once"])
            let fresh = try await replace(failed: first.token)
            do {
                return try await policy.run(sleep: sleep) { try await call(fresh.token) }
            } catch let error as WeChatAPIError {
                throw PlatformError.wechat(error)
            }
        } catch let error as WeChatAPIError {
            throw PlatformError.wechat(error)
        }
    }

    /// The stored ticket and token, for health pages.
    public func snapshot() async throws -> (ticket: StoredTicket?, token: StoredComponentToken?) {
        let ticket = try await context.store.ticket(componentAppID: componentAppID)
        return (ticket, try await held())
    }

    public enum Availability: Sendable, Equatable {
        case available
        case unavailable(reason: String)
    }

    /// Whether a token can be had, for readiness: one held that has not expired, or else one
    /// fetched now. A fetch that failed with the ticket still stored is not repeated here (a
    /// load balancer probing every few seconds must not become a call to WeChat every few
    /// seconds): callers and the refresher try again, and a new ticket clears it.
    public func availability() async -> Availability {
        do {
            if let held = try await held(), held.expiresAt > context.clock.now() { return .available }
            let ticket = try await context.store.ticket(componentAppID: componentAppID)
            if let lastFailure, lastFailure.ticketReceivedAt == ticket?.receivedAt { return .unavailable(reason: lastFailure.reason) }
            _ = try await token()
            return .available
        } catch {
            return .unavailable(reason: "\(error)")
        }
    }

    /// Single flight here, one claim across instances: whoever loses reads the winner's token.
    private func refresh(replacing stale: String?) async throws -> StoredComponentToken {
        if let inFlight { return try await inFlight.value }
        let task = Task {
            try await self.claims.run("component:" + self.componentAppID, done: { try await self.storedFresh(replacing: stale) },
                                      refresh: { try await self.fetch() })
        }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value
    }

    private func fetch() async throws -> StoredComponentToken {
        let stored = try await context.store.ticket(componentAppID: componentAppID)
        do {
            let token = try await fetch(with: stored)
            lastFailure = nil
            return token
        } catch {
            lastFailure = ("\(error)", stored?.receivedAt)
            throw error
        }
    }

    private func fetch(with stored: StoredTicket?) async throws -> StoredComponentToken {
        guard let ticket = stored, ticket.isFresh(at: context.clock.now()) else {
            await requestTicketPush(because: stored == nil ? "no ticket has been received" : "the last ticket is older than 12 hours")
            throw PlatformError.waitingForTicket(componentAppID: componentAppID)
        }
        let response: ComponentAccessToken
        do {
            let (client, appSecret) = (context.client, appSecret)
            response = try await retry.run(sleep: sleep) { try await client.componentToken(appSecret: appSecret, ticket: ticket.ticket) }
        } catch let error as WeChatAPIError {
            context.logger.error("component_token_failed", ["errcode": "\(error.errcode.map(String.init) ?? "-")", "error": error.failure,
                                                            "hint": error.hint])
            // The event the dashboard counts and the metric /metrics shows, together.
            metrics?.refreshFailed(kind: TokenRefreshes.component, errcode: error.errcode)
            await context.events.record(TokenRefreshes.componentFailedEvent, outcome: "failed", error.description)
            if error.kind == .ticketInvalid { await requestTicketPush(because: "WeChat refused the stored ticket") }
            throw PlatformError.wechat(error)
        }
        let now = context.clock.now()
        let token = StoredComponentToken(componentAppID: componentAppID, token: response.token, obtainedAt: now,
                                         expiresAt: now + TimeInterval(response.expiresIn))
        // The store's notice drops the copy in memory; the next read takes this one from the store.
        try await context.store.saveComponentToken(token)
        metrics?.refreshed(kind: TokenRefreshes.component)
        context.logger.info("component_token_refreshed", ["component_appid": componentAppID, "expires_in": "\(response.expiresIn)",
                                                          "token": Redaction.summary(token.token)])
        await context.events.record(TokenRefreshes.componentRefreshedEvent, "component_access_token refreshed, expires in \(response.expiresIn) s")
        return token
    }

    /// Asks WeChat to resume ticket pushes, at most once per `pushRequestInterval`.
    private func requestTicketPush(because reason: String) async {
        let now = context.clock.now()
        if let last = lastPushRequest, now.timeIntervalSince(last) < Self.pushRequestInterval { return }
        lastPushRequest = now
        context.logger.warning("waiting_for_ticket", ["component_appid": componentAppID, "reason": reason,
                                                      "action": "requested api_start_push_ticket; check the authorization event URL if none arrives"])
        do {
            try await context.client.startPushTicket(appSecret: appSecret)
            await context.events.record("ticket.push_requested", "\(reason); asked WeChat to push a ticket (api_start_push_ticket)")
        } catch let error as WeChatAPIError {
            context.logger.error("start_push_ticket_failed", ["error": error.failure, "hint": error.hint])
            await context.events.record("ticket.push_requested", outcome: "failed", "\(reason); \(error.description)")
        } catch {
            context.logger.error("start_push_ticket_failed", ["error": "\(error)"])
        }
    }
}
