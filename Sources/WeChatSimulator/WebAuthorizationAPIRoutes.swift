import Foundation
import HTTPServer

/// Web authorization's API side (GET, api host): code exchange and refresh with the
/// **component** token (an authorizer token is 48001), user info and the token check.
extension WeChatSimulator {
    func webAuthorizationAPIRoutes() -> Router {
        var router = Router()
        router.get("/sns/oauth2/component/access_token", api("sns_oauth2_component_access_token", .query, oauthAccessToken))
        router.get("/sns/oauth2/component/refresh_token", api("sns_oauth2_component_refresh_token", .query, oauthRefreshToken))
        router.get("/sns/userinfo", api("sns_userinfo", .query, userInfo))
        router.get("/sns/auth", api("sns_auth", .query, snsAuth))
        return router
    }

    @Sendable private func oauthAccessToken(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireOAuthComponent(call, grantType: "authorization_code")
        let issued = try state.oauth.exchange(code: call.query["code"], appID: call.query["appid"], now: call.now,
                                              tokenLifetime: state.settings.tokenLifetime,
                                              refreshLifetime: state.settings.oauthRefreshTokenLifetime)
        return oauthToken(issued, state)
    }

    @Sendable private func oauthRefreshToken(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.requireOAuthComponent(call, grantType: "refresh_token")
        let issued = try state.oauth.refresh(call.query["refresh_token"], appID: call.query["appid"], now: call.now,
                                             tokenLifetime: state.settings.tokenLifetime)
        return oauthToken(issued, state)
    }

    /// snsapi_userinfo tokens only (48001 for snsapi_base).
    @Sendable private func userInfo(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let grant = try state.oauth.check(accessToken: call.query["access_token"], openID: call.query["openid"], now: call.now)
        guard grant.scope == "snsapi_userinfo" else { throw .apiUnauthorized }
        guard let user = state.settings.oauthUsers.first(where: { $0.id == grant.userID }) else { throw .invalidOpenID }
        var fields: [(String, JSONValue)] = [
            ("openid", .string(grant.openID)), ("nickname", .string(user.nickname)), ("sex", .int(user.sex)),
            ("language", .string("")), ("city", .string(user.city)), ("province", .string(user.province)),
            ("country", .string(user.country)), ("headimgurl", .string(user.headImageURL)), ("privilege", .array([])),
        ]
        if let unionID = user.unionID { fields.append(("unionid", .string(unionID))) }
        return .object(fields)
    }

    @Sendable private func snsAuth(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        _ = try state.oauth.check(accessToken: call.query["access_token"], openID: call.query["openid"], now: call.now)
        return .ok
    }

    /// The unionid only with snsapi_userinfo, as WeChat gives it.
    private func oauthToken(_ issued: OAuthLedger.IssuedToken, _ state: SimulatorState) -> JSONValue {
        let user = state.settings.oauthUsers.first { $0.id == issued.grant.userID }
        var fields: [(String, JSONValue)] = [
            ("access_token", .string(issued.accessToken)), ("expires_in", .int(Int(configuration.tokenLifetime))),
            ("refresh_token", .string(issued.refreshToken)), ("openid", .string(issued.grant.openID)),
            ("scope", .string(issued.grant.scope)),
        ]
        if issued.grant.scope == "snsapi_userinfo", let unionID = user?.unionID { fields.append(("unionid", .string(unionID))) }
        return .object(fields)
    }
}

extension SimulatorState {
    /// The component side of a web-authorization call: the component token (48001 for an
    /// authorizer token), the component appid, an account authorized to this platform, then
    /// the `grant_type` the call takes (40002).
    func requireOAuthComponent(_ call: APICall, grantType: String) throws(APIError) {
        switch try tokens.owner(of: call.query["component_access_token"], now: call.now, grace: settings.replacedTokenGrace) {
        case .component: break
        case .authorizer: throw .apiUnauthorized
        }
        try requireComponentAppID(call.query["component_appid"])
        _ = try requireAuthorized(call.query["appid"])
        guard call.query["grant_type"] == grantType else { throw .invalidGrantType }
    }
}
