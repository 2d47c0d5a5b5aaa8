import Foundation
import HTTPServer

/// Web authorization's API side (GET, api host): code exchange and refresh with the
/// **component** token (an authorizer token is 48001), user info and the token check.
extension WeChatSimulator {
    func webAuthorizationAPIRoutes() -> Router {
        var router = Router()
        router.get("/sns/oauth2/component/access_token", api("sns_oauth2_component_access_token", oauthAccessToken))
        router.get("/sns/oauth2/component/refresh_token", api("sns_oauth2_component_refresh_token", oauthRefreshToken))
        router.get("/sns/userinfo", api("sns_userinfo", userInfo))
        router.get("/sns/auth", api("sns_auth", snsAuth))
        return router
    }

    @Sendable private func oauthAccessToken(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let query = request.query
        let (issued, user) = try withState { state throws(APIError) in
            try state.requireOAuthComponent(query, now: now)
            guard query["grant_type"] == "authorization_code" else { throw .invalidGrantType }
            let issued = try state.oauth.exchange(code: query["code"], appID: query["appid"], now: now,
                                                  tokenLifetime: state.settings.tokenLifetime,
                                                  refreshLifetime: state.settings.oauthRefreshTokenLifetime)
            return (issued, state.settings.oauthUsers.first { $0.id == issued.grant.userID })
        }
        return Self.oauthToken(issued, user: user, lifetime: Int(configuration.tokenLifetime))
    }

    @Sendable private func oauthRefreshToken(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let query = request.query
        let (issued, user) = try withState { state throws(APIError) in
            try state.requireOAuthComponent(query, now: now)
            guard query["grant_type"] == "refresh_token" else { throw .invalidGrantType }
            let issued = try state.oauth.refresh(query["refresh_token"], appID: query["appid"], now: now,
                                                 tokenLifetime: state.settings.tokenLifetime)
            return (issued, state.settings.oauthUsers.first { $0.id == issued.grant.userID })
        }
        return Self.oauthToken(issued, user: user, lifetime: Int(configuration.tokenLifetime))
    }

    /// snsapi_userinfo tokens only (48001 for snsapi_base).
    @Sendable private func userInfo(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let (grant, user) = try withState { state throws(APIError) in
            let grant = try state.oauth.check(accessToken: request.query["access_token"], openID: request.query["openid"], now: now)
            guard grant.scope == "snsapi_userinfo" else { throw .apiUnauthorized }
            guard let user = state.settings.oauthUsers.first(where: { $0.id == grant.userID }) else { throw .invalidOpenID }
            return (grant, user)
        }
        var fields: [(String, JSONValue)] = [
            ("openid", .string(grant.openID)), ("nickname", .string(user.nickname)), ("sex", .int(user.sex)),
            ("language", .string("")), ("city", .string(user.city)), ("province", .string(user.province)),
            ("country", .string(user.country)), ("headimgurl", .string(user.headImageURL)), ("privilege", .array([])),
        ]
        if let unionID = user.unionID { fields.append(("unionid", .string(unionID))) }
        return .object(fields)
    }

    @Sendable private func snsAuth(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        _ = try withState { state throws(APIError) in
            try state.oauth.check(accessToken: request.query["access_token"], openID: request.query["openid"], now: now)
        }
        return .ok
    }

    private static func oauthToken(_ issued: OAuthLedger.IssuedToken, user: SimulatedUser?, lifetime: Int) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("access_token", .string(issued.accessToken)), ("expires_in", .int(lifetime)),
            ("refresh_token", .string(issued.refreshToken)), ("openid", .string(issued.grant.openID)),
            ("scope", .string(issued.grant.scope)),
        ]
        if issued.grant.scope == "snsapi_userinfo", let unionID = user?.unionID { fields.append(("unionid", .string(unionID))) }
        return .object(fields)
    }
}

extension SimulatorState {
    /// The component side of a web-authorization call: the component token (48001 for an
    /// authorizer token), the component appid, and an account authorized to this platform.
    func requireOAuthComponent(_ query: QueryParameters, now: Date) throws(APIError) {
        switch try tokens.owner(of: query["component_access_token"], now: now, grace: settings.replacedTokenGrace) {
        case .component: break
        case .authorizer: throw .apiUnauthorized
        }
        try requireComponentAppID(query["component_appid"])
        _ = try requireAuthorized(query["appid"])
    }
}
