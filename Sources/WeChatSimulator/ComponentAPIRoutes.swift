import Foundation
import HTTPServer

/// The platform's own credentials and the authorization exchange, on the api host.
extension WeChatSimulator {
    func componentAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/component/api_component_token", api("api_component_token", componentToken))
        router.post("/cgi-bin/component/api_start_push_ticket", api("api_start_push_ticket", startPushTicket))
        router.post("/cgi-bin/component/api_create_preauthcode", api("api_create_preauthcode", createPreAuthCode))
        router.post("/cgi-bin/component/api_query_auth", api("api_query_auth", queryAuth))
        router.post("/cgi-bin/component/api_authorizer_token", api("api_authorizer_token", authorizerToken))
        router.post("/cgi-bin/component/clear_quota/v2", api("clear_quota_v2", clearQuota))
        return router
    }

    /// component_appid (61011), appsecret (40125), then the ticket: the latest or any earlier
    /// one younger than 12 h (61006 otherwise).
    @Sendable private func componentToken(_ request: HTTPRequest) throws -> JSONValue {
        let body = try JSONRequestBody(request.body)
        let now = clock.now()
        let (token, lifetime) = try withState { state throws(APIError) in
            try state.requireComponentAppID(body.string("component_appid"))
            guard let secret = body.string("component_appsecret"), !secret.isEmpty else { throw .appSecretMissing }
            guard secret == state.settings.componentAppSecret else { throw .invalidAppSecret }
            try state.tickets.check(body.string("component_verify_ticket"), now: now, lifetime: state.settings.ticketLifetime)
            let token = state.tokens.issue(for: .component, now: now, lifetime: state.settings.tokenLifetime,
                                           grace: state.settings.replacedTokenGrace)
            return (token, Int(state.settings.tokenLifetime))
        }
        return .object([("component_access_token", .string(token)), ("expires_in", .int(lifetime))])
    }

    /// Checks the credentials, answers at once and pushes a fresh ticket right after.
    @Sendable private func startPushTicket(_ request: HTTPRequest) throws -> JSONValue {
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in
            try state.requireComponentAppID(body.string("component_appid"))
            guard let secret = body.string("component_secret"), !secret.isEmpty else { throw .appSecretMissing }
            guard secret == state.settings.componentAppSecret else { throw .invalidAppSecret }
        }
        background.spawn { [self] in await pushTicket() }
        return .ok
    }

    @Sendable private func createPreAuthCode(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let (code, lifetime) = try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["component_access_token"], now: now)
            try state.requireComponentAppID(body.string("component_appid"))
            let lifetime = state.settings.preAuthCodeLifetime
            return (state.authorizations.createPreAuthCode(now: now, lifetime: lifetime), Int(lifetime))
        }
        return .object([("pre_auth_code", .string(code)), ("expires_in", .int(lifetime))])
    }

    /// Single use: 40163 on reuse, 61009 when unknown, 61010 when expired. Issues an access token.
    @Sendable private func queryAuth(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let (authorization, token, lifetime) = try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["component_access_token"], now: now)
            try state.requireComponentAppID(body.string("component_appid"))
            let authorization = try state.authorizations.redeem(body.string("authorization_code"), now: now)
            let token = state.tokens.issue(for: .authorizer(authorization.appID), now: now,
                                           lifetime: state.settings.tokenLifetime, grace: state.settings.replacedTokenGrace)
            return (authorization, token, Int(state.settings.tokenLifetime))
        }
        return .object([("authorization_info", .object([
            ("authorizer_appid", .string(authorization.appID)),
            ("authorizer_access_token", .string(token)),
            ("expires_in", .int(lifetime)),
            ("authorizer_refresh_token", .string(authorization.refreshToken)),
            ("func_info", Self.funcInfo(authorization.funcIDs)),
        ]))])
    }

    /// The refresh token must be the latest (61023); a revoked account is 61003. The previous
    /// access token keeps working for the grace period.
    @Sendable private func authorizerToken(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let (token, refreshToken, lifetime) = try withState { state throws(APIError) in
            try state.requireComponentToken(request.query["component_access_token"], now: now)
            try state.requireComponentAppID(body.string("component_appid"))
            guard let appID = body.string("authorizer_appid"), !appID.isEmpty else { throw .appIDMissing }
            guard state.accounts[appID] != nil else { throw .invalidAppID }
            let refreshToken = try state.authorizations.refresh(appID, refreshToken: body.string("authorizer_refresh_token"),
                                                                rotate: state.settings.rotateRefreshTokens)
            let token = state.tokens.issue(for: .authorizer(appID), now: now, lifetime: state.settings.tokenLifetime,
                                           grace: state.settings.replacedTokenGrace)
            return (token, refreshToken, Int(state.settings.tokenLifetime))
        }
        return .object([("authorizer_access_token", .string(token)), ("expires_in", .int(lifetime)),
                        ("authorizer_refresh_token", .string(refreshToken))])
    }

    /// No token; the platform's appid and secret, and `appid` to reset an authorized account's
    /// quota instead of the platform's (40013 when it is not one). Each may reset
    /// `clearQuotaLimit` times a calendar month (48006 after).
    @Sendable private func clearQuota(_ request: HTTPRequest) throws -> JSONValue {
        let body = try JSONRequestBody(request.body)
        let now = clock.now()
        try withState { state throws(APIError) in
            try state.requireComponentAppID(body.string("component_appid"))
            guard let secret = body.string("appsecret"), !secret.isEmpty else { throw .appSecretMissing }
            guard secret == state.settings.componentAppSecret else { throw .invalidAppSecret }
            var holder = "component"
            if let appID = body.string("appid") {
                guard state.authorizations.active(appID) != nil else { throw .invalidAppID }
                holder = appID
            }
            try state.quotas.reset(holder: holder, counters: state.counters, now: now, limit: state.settings.clearQuotaLimit)
        }
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
