import Foundation
import WeChat

/// What an authorization (or a change of permissions) produced.
public struct AuthorizationGrant: Sendable, Equatable {
    public var appID: String
    /// The auth_code the platform exchanges with `api_query_auth`.
    public var authorizationCode: String
    public var expiresAt: Date
    /// `authorized` or `updateauthorized`: the push that announced it.
    public var infoType: String
    public var preAuthCode: String
    /// The push attempts awaited (none when the push was not sent).
    public var deliveries: [PushDelivery]
}

/// Authorizing, changing permissions and revoking, shared by the pages and the control API.
/// Each one sends its encrypted push to the platform's authorization event URL.
extension WeChatSimulator {
    /// Authorizes `appID` as if a person had approved it on the authorization page: a
    /// pre-auth code is created and used, the authorization recorded (with a new refresh
    /// token), and `authorized` (or `updateauthorized` when an active authorization's
    /// permission sets change) pushed. `funcIDs` nil grants the account type's defaults.
    public func authorize(appID: String, funcIDs: [Int]? = nil, sendPush: Bool = true) async throws(SimulatorError) -> AuthorizationGrant {
        let now = clock.now()
        let result: Result<(AuthorizationLedger.Grant, String), SimulatorError> = state.withLock { state in
            guard let account = state.accounts[appID] else { return .failure(.unknownAccount(appID)) }
            guard state.mayAuthorize(account) else { return .failure(.notOnTestList(appID)) }
            let preAuthCode = state.authorizations.createPreAuthCode(now: now, lifetime: state.settings.preAuthCodeLifetime)
            _ = try? state.authorizations.consumePreAuthCode(preAuthCode, now: now)
            let grant = state.authorizations.authorize(appID, funcIDs: funcIDs ?? PermissionSet.defaults(for: account.kind),
                                                       now: now, codeLifetime: state.settings.authorizationCodeLifetime)
            return .success((grant, preAuthCode))
        }
        let (grant, preAuthCode) = try result.get()
        return await announce(grant, appID: appID, preAuthCode: preAuthCode, now: now, sendPush: sendPush, waitForRetries: true)
    }

    /// Changes an active authorization's permission sets and pushes `updateauthorized`; the
    /// refresh token stays the same.
    public func updatePermissions(appID: String, funcIDs: [Int]) async throws(SimulatorError) -> AuthorizationGrant {
        let now = clock.now()
        let result: Result<(AuthorizationLedger.Grant, String), SimulatorError> = state.withLock { state in
            guard state.accounts[appID] != nil else { return .failure(.unknownAccount(appID)) }
            let preAuthCode = state.authorizations.createPreAuthCode(now: now, lifetime: state.settings.preAuthCodeLifetime)
            _ = try? state.authorizations.consumePreAuthCode(preAuthCode, now: now)
            guard let grant = state.authorizations.updatePermissions(
                appID, funcIDs: funcIDs, now: now, codeLifetime: state.settings.authorizationCodeLifetime)
            else { return .failure(.notAuthorized(appID)) }
            return .success((grant, preAuthCode))
        }
        let (grant, preAuthCode) = try result.get()
        return await announce(grant, appID: appID, preAuthCode: preAuthCode, now: now, sendPush: true, waitForRetries: true)
    }

    /// Ends an authorization and pushes `unauthorized`. The account's access tokens stop
    /// working (40001) and `api_authorizer_token` answers 61003.
    @discardableResult
    public func revoke(appID: String) async throws(SimulatorError) -> [PushDelivery] {
        let now = clock.now()
        let result: Result<Void, SimulatorError> = state.withLock { state in
            guard state.accounts[appID] != nil else { return .failure(.unknownAccount(appID)) }
            guard state.authorizations.revoke(appID) else { return .failure(.notAuthorized(appID)) }
            state.tokens.removeAll(of: .authorizer(appID))
            return .success(())
        }
        try result.get()
        logger.info("authorization_revoked", ["authorizer_appid": appID])
        let push = ComponentPush.unauthorized(appID: configuration.componentAppID, createTime: Self.pushTime(now),
                                              authorizerAppID: appID)
        return await pushSender.deliverPush(push.renderXML(), infoType: push.infoType,
                                            componentAppID: configuration.componentAppID, to: configuration.eventURL)
    }

    /// Pushes `authorized`/`updateauthorized` for a grant.
    func announce(_ grant: AuthorizationLedger.Grant, appID: String, preAuthCode: String, now: Date, sendPush: Bool,
                  waitForRetries: Bool) async -> AuthorizationGrant {
        logger.info("authorization_granted", ["authorizer_appid": appID, "info_type": grant.infoType])
        var result = AuthorizationGrant(appID: appID, authorizationCode: grant.code, expiresAt: grant.expiresAt,
                                        infoType: grant.infoType, preAuthCode: preAuthCode, deliveries: [])
        guard sendPush else { return result }
        let push = ComponentPush.authorization(
            appID: configuration.componentAppID, createTime: Self.pushTime(now), authorizerAppID: appID,
            authorizationCode: grant.code, authorizationCodeExpiredTime: Self.pushTime(grant.expiresAt), preAuthCode: preAuthCode,
            update: grant.infoType == ComponentPush.InfoType.updateAuthorized)
        result.deliveries = await pushSender.deliverPush(push.renderXML(), infoType: push.infoType,
                                                         componentAppID: configuration.componentAppID,
                                                         to: configuration.eventURL, waitForRetries: waitForRetries)
        return result
    }

    /// The recorded authorization of an account (active or revoked), for tests and the console.
    public func authorization(of appID: String) -> Authorization? {
        state.withLock { $0.authorizations.authorizations[appID] }
    }
}
