import Foundation
import Synchronization
import WeChat
import WXOpenSupport

/// Turns an authorization code into a stored account: exchange with `api_query_auth`, store
/// tokens and permission sets in one write, then fetch the account's details. The same code
/// reaches us twice (the browser's callback and the `authorized` push): it is exchanged once.
public actor AuthorizationService {
    private let context: ServiceContext
    private let componentTokens: ComponentTokenManager
    /// Told of every authorization, change of permissions and revocation (lifecycle deliveries).
    private let forwarding: ForwardingService?
    private var inFlight: [String: Task<AuthorizerRecord, any Error>] = [:]
    /// Code hash → appid for codes exchanged by this process, newest last (bounded).
    private var exchanged: [String: String] = [:]
    private var exchangedOrder: [String] = []

    init(_ context: ServiceContext, componentTokens: ComponentTokenManager, forwarding: ForwardingService? = nil) {
        self.context = context
        self.componentTokens = componentTokens
        self.forwarding = forwarding
    }

    /// Exchanges `code` (once), stores the account and fetches its details.
    /// - Parameters:
    ///   - appID: known when the code came in a push; lets a duplicate be recognised after a restart.
    ///   - ref: the platform's customer reference from the start page, recorded on the account.
    ///   - source: `callback` or `push`, for the event log.
    ///   - detailsLater: return once the tokens are stored and fetch the account's details after,
    ///     for a caller in a hurry (the full-release check must answer within seconds).
    public func exchange(code: String, appID: String? = nil, ref: String? = nil, source: String,
                         detailsLater: Bool = false) async throws -> AuthorizerRecord {
        let hash = Crypto.sha256Hex(code)
        if let record = try await alreadyExchanged(hash: hash, appID: appID) {
            context.logger.info("authorization_code_already_exchanged", ["authorizer_appid": record.appID, "source": source])
            return try await attach(ref: ref, to: record)
        }
        if let running = inFlight[hash] {
            return try await attach(ref: ref, to: try await running.value)
        }
        let task = Task { try await self.performExchange(code: code, hash: hash, ref: ref, source: source, detailsLater: detailsLater) }
        inFlight[hash] = task
        defer { inFlight[hash] = nil }
        let record = try await task.value
        return try await attach(ref: ref, to: record)
    }

    private func alreadyExchanged(hash: String, appID: String?) async throws -> AuthorizerRecord? {
        guard let appID = appID ?? exchanged[hash] else { return nil }
        guard let record = try await context.store.authorizer(appID: appID), record.lastAuthorizationCodeHash == hash else { return nil }
        return record
    }

    /// The callback carries the customer reference; the push does not. Whichever came first,
    /// the reference ends up on the account.
    private func attach(ref: String?, to record: AuthorizerRecord) async throws -> AuthorizerRecord {
        guard let ref, !ref.isEmpty, record.ref != ref else { return record }
        let now = context.clock.now()
        return try await context.store.updateAuthorizer(appID: record.appID) { current in
            guard var current else { return nil }
            current.ref = ref
            current.updatedAt = now
            return current
        } ?? record
    }

    private func performExchange(code: String, hash: String, ref: String?, source: String,
                                 detailsLater: Bool) async throws -> AuthorizerRecord {
        let client = context.client
        let info: AuthorizationInfo
        do {
            // A single-use code: repeat on "busy" only, never blindly after a network failure.
            info = try await componentTokens.withToken(retry: .busyOnly) { token in
                try await client.queryAuth(componentToken: token, authorizationCode: code)
            }
        } catch {
            await context.events.record("authorizer.authorization_failed", outcome: "failed", "\(source): \(error)")
            throw error
        }
        let now = context.clock.now()
        let componentAppID = componentTokens.componentAppID
        // What the account granted before, read in the write step: a change of permission sets
        // of an authorized account is an update, anything else an authorization.
        let previous = Mutex<(status: AuthorizerStatus, funcInfo: [Int])?>(nil)
        let record = try await context.store.updateAuthorizer(appID: info.authorizerAppID) { existing in
            previous.withLock { $0 = existing.map { ($0.status, $0.funcInfo) } }
            var record = existing ?? AuthorizerRecord(appID: info.authorizerAppID, componentAppID: componentAppID, updatedAt: now)
            // The latest authorization, every time: a revocation made before it is stale.
            record.authorizedAt = now
            record.status = .authorized
            record.statusReason = nil
            record.revokedAt = nil
            record.accessToken = info.accessToken
            record.accessTokenExpiresAt = info.expiresIn.map { now + TimeInterval($0) }
            // Never replace a refresh token with nothing.
            if let refreshToken = info.refreshToken { record.refreshToken = refreshToken }
            record.funcInfo = info.funcInfo
            if let ref, !ref.isEmpty { record.ref = ref }
            record.lastAuthorizationCodeHash = hash
            record.updatedAt = now
            return record
        }
        remember(hash: hash, appID: info.authorizerAppID)
        context.logger.info("authorizer_authorized", ["authorizer_appid": info.authorizerAppID, "source": source,
                                                      "func_info": info.funcInfo.map(String.init).joined(separator: ","),
                                                      "refresh_token": Redaction.summary(info.refreshToken)])
        await context.events.record("authorizer.authorized", appID: info.authorizerAppID,
                                    "\(source): permissions \(info.funcInfo.map(String.init).joined(separator: ", "))")
        let stored = record ?? AuthorizerRecord(appID: info.authorizerAppID, componentAppID: componentAppID, updatedAt: now)
        let lifecycle: DeliveryPayload.Lifecycle = previous.withLock { previous in
            guard let previous, previous.status == .authorized, previous.funcInfo != info.funcInfo else { return .authorized }
            return .updated
        }
        guard !detailsLater else {
            Task { _ = await self.fetchDetails(of: stored, announcing: lifecycle) }
            return stored
        }
        return await fetchDetails(of: stored, announcing: lifecycle)
    }

    /// The account's details after an exchange, then the lifecycle delivery, which carries them.
    private func fetchDetails(of stored: AuthorizerRecord, announcing lifecycle: DeliveryPayload.Lifecycle) async -> AuthorizerRecord {
        var record = stored
        do {
            record = try await refreshInfo(appID: stored.appID)
        } catch {
            // The account and its tokens are stored; its details can be fetched again later.
            context.logger.warning("authorizer_info_failed", ["authorizer_appid": stored.appID, "error": "\(error)"])
            await context.events.record("authorizer.info_failed", appID: stored.appID, outcome: "failed", "\(error)")
        }
        await forwarding?.notify(lifecycle, record: record)
        return record
    }

    private func remember(hash: String, appID: String) {
        exchanged[hash] = appID
        exchangedOrder.append(hash)
        if exchangedOrder.count > 10_000 { exchanged[exchangedOrder.removeFirst()] = nil }
    }

    /// Fetches `api_get_authorizer_info` and stores the account's details and permission sets.
    @discardableResult
    public func refreshInfo(appID: String) async throws -> AuthorizerRecord {
        let client = context.client
        let info = try await componentTokens.withToken { token in
            try await client.authorizerInfo(componentToken: token, authorizerAppID: appID)
        }
        let now = context.clock.now()
        let account = AccountInfo(
            nickName: info.nickName, headImage: info.headImageURL, userName: info.userName, alias: info.alias,
            principalName: info.principalName, signature: info.signature, qrcodeURL: info.qrcodeURL,
            serviceType: info.serviceTypeID, verifyType: info.verifyTypeID,
            accountType: info.isMiniProgram ? .miniProgram : .officialAccount,
            rawJSON: String(decoding: info.rawAuthorizerInfo, as: UTF8.self), fetchedAt: now)
        let componentAppID = componentTokens.componentAppID
        let stored = try await context.store.updateAuthorizer(appID: appID) { existing in
            var record = existing ?? AuthorizerRecord(appID: appID, componentAppID: componentAppID, updatedAt: now)
            record.info = account
            if !info.authorization.funcInfo.isEmpty { record.funcInfo = info.authorization.funcInfo }
            // A lost refresh token is recovered from here, but a stored one is never overwritten.
            if record.refreshToken == nil, let refreshToken = info.authorization.refreshToken { record.refreshToken = refreshToken }
            record.updatedAt = now
            return record
        }
        await context.events.record("authorizer.info_updated", appID: appID, "details fetched: \(account.nickName ?? "(no name)")")
        return stored ?? AuthorizerRecord(appID: appID, componentAppID: componentAppID, updatedAt: now)
    }

    /// What `revoke` did.
    public enum RevokeOutcome: Sendable, Equatable {
        case revoked
        case alreadyRevoked
        /// No such account is stored: nothing to revoke, and no record is made for it.
        case unknownAccount
        /// The account authorized again at this date, after the revocation was made: it stays.
        case authorizedSince(Date)
    }

    /// The merchant revoked the authorization: drop the tokens, keep the account and its history.
    /// A revocation made (`pushCreatedAt`) before the account's latest authorization is stale
    /// (a late retry, or a capture sent again) and changes nothing. Both rules are decided inside
    /// the store's write step, against the record as it is then.
    @discardableResult
    public func revoke(appID: String, source: String, pushCreatedAt: Date? = nil) async throws -> RevokeOutcome {
        let now = context.clock.now()
        let stored = try await context.store.updateAuthorizer(appID: appID) { existing in
            guard var record = existing, record.status != .revoked else { return nil }
            // CreateTime has whole seconds: a push of the same second as the authorization counts as later.
            if let pushCreatedAt, let authorizedAt = record.authorizedAt,
               pushCreatedAt.timeIntervalSince1970.rounded(.down) < authorizedAt.timeIntervalSince1970.rounded(.down) {
                return nil
            }
            record.status = .revoked
            record.statusReason = "the merchant revoked the authorization (\(source))"
            record.accessToken = nil
            record.accessTokenExpiresAt = nil
            record.refreshToken = nil
            record.revokedAt = now
            record.updatedAt = now
            return record
        }
        guard let stored else { return .unknownAccount }
        if stored.status != .revoked { return .authorizedSince(stored.authorizedAt ?? now) }
        // An account that was already revoked keeps its earlier revocation time: nothing to report.
        guard stored.revokedAt == now else { return .alreadyRevoked }
        context.logger.info("authorizer_revoked", ["authorizer_appid": appID, "source": source])
        await context.events.record("authorizer.revoked", appID: appID, "\(source): authorization revoked, tokens dropped")
        await forwarding?.notify(.unauthorized, record: stored)
        return .revoked
    }
}
