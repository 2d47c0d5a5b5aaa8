import Foundation
import HTTPServer

/// The platform's own credentials and the authorization exchange, on the api host.
extension WeChatSimulator {
    func componentAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/component/api_component_token", api("api_component_token", .json, componentToken))
        router.post("/cgi-bin/component/api_start_push_ticket", api("api_start_push_ticket", startPushTicket))
        router.post("/cgi-bin/component/api_create_preauthcode", api("api_create_preauthcode", .json, createPreAuthCode))
        router.post("/cgi-bin/component/api_query_auth", api("api_query_auth", .json, queryAuth))
        router.post("/cgi-bin/component/api_authorizer_token", api("api_authorizer_token", .json, authorizerToken))
        router.post("/cgi-bin/component/clear_quota/v2", api("clear_quota_v2", .json, clearQuota))
        return router
    }

    /// component_appid (61011), appsecret (40125), then the ticket: the latest or any earlier
    /// one younger than 12 h (61006 otherwise).
    @Sendable private func componentToken(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponentSecret(call.body, appSecretField: "component_appsecret")
        try state.tickets.check(call.body.string("component_verify_ticket"), now: call.now, lifetime: state.settings.ticketLifetime)
        return .object([("component_access_token", .string(state.issueToken(for: .component, now: call.now))),
                        ("expires_in", .int(Int(state.settings.tokenLifetime)))])
    }

    /// Checks the credentials, answers at once and pushes a fresh ticket right after.
    @Sendable private func startPushTicket(_ request: HTTPRequest) throws -> JSONValue {
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in try state.requireComponentSecret(body, appSecretField: "component_secret") }
        background.spawn { [self] in await pushTicket() }
        return .ok
    }

    @Sendable private func createPreAuthCode(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        let lifetime = state.settings.preAuthCodeLifetime
        return .object([("pre_auth_code", .string(state.authorizations.createPreAuthCode(now: call.now, lifetime: lifetime))),
                        ("expires_in", .int(Int(lifetime)))])
    }

    /// Single use: 40163 on reuse, 61009 when unknown, 61010 when expired. Issues an access token.
    @Sendable private func queryAuth(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        let authorization = try state.authorizations.redeem(call.body.string("authorization_code"), now: call.now)
        return .object([("authorization_info", .object([
            ("authorizer_appid", .string(authorization.appID)),
            ("authorizer_access_token", .string(state.issueToken(for: .authorizer(authorization.appID), now: call.now))),
            ("expires_in", .int(Int(state.settings.tokenLifetime))),
            ("authorizer_refresh_token", .string(authorization.refreshToken)),
            ("func_info", Self.funcInfo(authorization.funcIDs)),
        ]))])
    }

    /// The refresh token must be the latest (61023); a revoked account is 61003. The previous
    /// access token keeps working for the grace period.
    @Sendable private func authorizerToken(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponent(call)
        guard let appID = call.body.string("authorizer_appid"), !appID.isEmpty else { throw .appIDMissing }
        guard state.accounts[appID] != nil else { throw .invalidAppID }
        let refreshToken = try state.authorizations.refresh(appID, refreshToken: call.body.string("authorizer_refresh_token"),
                                                            rotate: state.settings.rotateRefreshTokens)
        return .object([("authorizer_access_token", .string(state.issueToken(for: .authorizer(appID), now: call.now))),
                        ("expires_in", .int(Int(state.settings.tokenLifetime))), ("authorizer_refresh_token", .string(refreshToken))])
    }

    /// No token; the platform's appid and secret, and `appid` to reset an authorized account's
    /// quota instead of the platform's (40013 when it is not one). Each may reset
    /// `clearQuotaLimit` times a calendar month (48006 after).
    @Sendable private func clearQuota(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireComponentSecret(call.body, appSecretField: "appsecret")
        var holder = "component"
        if let appID = call.body.string("appid") {
            guard state.authorizations.active(appID) != nil else { throw .invalidAppID }
            holder = appID
        }
        try state.quotas.reset(holder: holder, counters: state.counters, now: call.now, limit: state.settings.clearQuotaLimit)
        return .ok
    }

    /// `[{"funcscope_category":{"id":1}}, …]`; mini-program sets carry `confirm_info` as WeChat's do.
    static func funcInfo(_ ids: [Int]) -> JSONValue {
        .array(ids.map { id in
            var entry: [(String, JSONValue)] = [("funcscope_category", .object([("id", .int(id))]))]
            if PermissionSet.isMiniProgramSet(id) {
                entry.append(("confirm_info", .object([("need_confirm", .int(0)), ("already_confirm", .int(0)),
                                                       ("can_confirm", .int(0))])))
            }
            return .object(entry)
        })
    }
}

extension SimulatorState {
    /// The platform's appid (61011) and its app secret under `appSecretField` (41004 absent,
    /// 40125 wrong): the credentials of the calls made before there is a token.
    func requireComponentSecret(_ body: JSONRequestBody, appSecretField: String) throws(APIError) {
        try requireComponentAppID(body.string("component_appid"))
        guard let secret = body.string(appSecretField), !secret.isEmpty else { throw .appSecretMissing }
        guard secret == settings.componentAppSecret else { throw .invalidAppSecret }
    }

    /// A new access token for `owner`; the one it replaces keeps working for the grace period.
    mutating func issueToken(for owner: TokenLedger.Owner, now: Date) -> String {
        tokens.issue(for: owner, now: now, lifetime: settings.tokenLifetime, grace: settings.replacedTokenGrace)
    }
}
