/// The platform's own credentials and the authorization exchange.
extension ComponentClient {
    /// POST /cgi-bin/component/api_component_token. 40001 here can mean a wrong appsecret.
    public func componentToken(appSecret: String, ticket: String) async throws -> ComponentAccessToken {
        let body: JSONBody = ["component_appid": .string(componentAppID), "component_appsecret": .string(appSecret),
                              "component_verify_ticket": .string(ticket)]
        return try await call(.componentToken, body: body, secrets: [appSecret, ticket], decode: Self.json(ComponentAccessToken.self))
    }

    /// POST /cgi-bin/component/api_start_push_ticket: asks WeChat to resume pushing
    /// component_verify_ticket (after 61005/61006, or when no ticket has arrived).
    public func startPushTicket(appSecret: String) async throws {
        let body: JSONBody = ["component_appid": .string(componentAppID), "component_secret": .string(appSecret)]
        try await call(.startPushTicket, body: body, secrets: [appSecret], decode: Self.ignoringBody)
    }

    /// POST /cgi-bin/component/api_create_preauthcode. Create one per authorization attempt.
    public func createPreAuthCode(componentToken: String) async throws -> PreAuthCode {
        try await call(.createPreAuthCode, query: [("component_access_token", componentToken)],
                       body: ["component_appid": .string(componentAppID)],
                       secrets: [componentToken], decode: Self.json(PreAuthCode.self))
    }

    /// POST /cgi-bin/component/api_query_auth: exchanges the auth_code from the redirect or the
    /// `authorized` push for the account's tokens and permission sets.
    public func queryAuth(componentToken: String, authorizationCode: String) async throws -> AuthorizationInfo {
        let body: JSONBody = ["component_appid": .string(componentAppID), "authorization_code": .string(authorizationCode)]
        let answer = try await call(.queryAuth, query: [("component_access_token", componentToken)], body: body,
                                    secrets: [componentToken, authorizationCode], decode: Self.json(QueryAuthAnswer.self))
        return answer.authorizationInfo
    }

    /// POST /cgi-bin/component/api_authorizer_token: a fresh authorizer access token.
    /// Keep the stored refresh token when the answer's `refreshToken` is nil.
    public func authorizerToken(componentToken: String, authorizerAppID: String, refreshToken: String) async throws -> AuthorizerToken {
        let body: JSONBody = ["component_appid": .string(componentAppID), "authorizer_appid": .string(authorizerAppID),
                              "authorizer_refresh_token": .string(refreshToken)]
        return try await call(.authorizerToken, query: [("component_access_token", componentToken)], body: body,
                              secrets: [componentToken, refreshToken], decode: Self.json(AuthorizerToken.self))
    }

    /// POST /cgi-bin/component/clear_quota/v2 (no token: the platform's appsecret), resetting
    /// the daily API quota of the platform itself, or of an authorized account when `appID` is
    /// given. Each account has 10 resets a month (48006 after that), shared with clear_quota,
    /// so only an operator should decide to call this.
    public func clearQuotaV2(appSecret: String, appID: String? = nil) async throws {
        var body: [String: JSONBody] = ["component_appid": .string(componentAppID), "appsecret": .string(appSecret)]
        if let appID { body["appid"] = .string(appID) }
        try await call(.clearQuotaV2, body: .object(body), secrets: [appSecret], decode: Self.ignoringBody)
    }
}

private struct QueryAuthAnswer: Decodable {
    let authorizationInfo: AuthorizationInfo
    enum CodingKeys: String, CodingKey { case authorizationInfo = "authorization_info" }
}
