import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

@Suite struct ComponentClientComponentTests {
    @Test func componentToken_Posts_AppIDSecretAndTicket() async throws {
        let transport = MockWeChatTransport(json: #"{"component_access_token":"\#(APISample.componentTokenValue)","expires_in":7200}"#)
        _ = try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://api.weixin.qq.com/cgi-bin/component/api_component_token")
        #expect(request.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(request.timeout == 10)
        let body = bodyObject(request)
        #expect(body.count == 3)
        #expect(body["component_appid"] as? String == APISample.componentAppID)
        #expect(body["component_appsecret"] as? String == APISample.appSecretValue)
        #expect(body["component_verify_ticket"] as? String == APISample.ticketValue)
    }

    @Test func componentToken_Decodes_TokenAndExpiry() async throws {
        let transport = MockWeChatTransport(json: #"{"component_access_token":"\#(APISample.componentTokenValue)","expires_in":7200}"#)
        let token = try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue)
        #expect(token == ComponentAccessToken(token: APISample.componentTokenValue, expiresIn: 7200))
    }

    @Test func componentToken_Decodes_ExpiresIn_SentAsString() async throws {
        let transport = MockWeChatTransport(json: #"{"component_access_token":"abcdefgh","expires_in":"7200"}"#)
        let token = try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue)
        #expect(token.expiresIn == 7200)
    }

    @Test func componentToken_EmptyToken_IsMalformedBody() async {
        let transport = MockWeChatTransport(json: #"{"component_access_token":"","expires_in":7200}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        #expect(error == .malformedBody(endpoint: "api_component_token", detail: "missing component_access_token"))
    }

    @Test func componentToken_Errcode40125_IsConfiguration() async {
        let transport = MockWeChatTransport(json: #"{"errcode":40125,"errmsg":"invalid appsecret rid: 6481c2ee-3e1ba2a1-1d5b8f0e"}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        #expect(error == .wechat(endpoint: "api_component_token", errcode: 40125,
                                 errmsg: "invalid appsecret rid: 6481c2ee-3e1ba2a1-1d5b8f0e"))
        #expect(error?.kind == .configuration)
    }

    @Test func componentToken_Errcode61004_IsIPWhitelist() async {
        let transport = MockWeChatTransport(json: #"{"errcode":61004,"errmsg":"access clientip is not registered requestIP: 203.0.113.7 rid: 6481c2ee"}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        #expect(error?.kind == .ipWhitelist)
        #expect(error?.errcode == 61004)
        #expect(error?.hint.contains("egress IP to the platform's IP whitelist") == true)
    }

    @Test func componentToken_Errcode61006_IsTicketInvalid() async {
        let transport = MockWeChatTransport(json: #"{"errcode":61006,"errmsg":"component ticket is invalid"}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        #expect(error?.kind == .ticketInvalid)
    }

    @Test func startPushTicket_Posts_ComponentSecretKey() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).startPushTicket(appSecret: APISample.appSecretValue)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/cgi-bin/component/api_start_push_ticket")
        #expect(request.url.query == nil)
        let body = bodyObject(request)
        #expect(body.count == 2)
        #expect(body["component_appid"] as? String == APISample.componentAppID)
        #expect(body["component_secret"] as? String == APISample.appSecretValue)
    }

    @Test func startPushTicket_Errcode_Throws() async {
        let transport = MockWeChatTransport(json: #"{"errcode":-1,"errmsg":"system error"}"#)
        let error = await apiError { try await makeClient(transport).startPushTicket(appSecret: APISample.appSecretValue) }
        #expect(error?.kind == .busy)
        #expect(error?.endpoint == "api_start_push_ticket")
    }

    @Test func createPreAuthCode_Sends_TokenInQuery_AndAppIDInBody() async throws {
        let transport = MockWeChatTransport(json: #"{"pre_auth_code":"Cx_Dk6qiBE0Dmx4EmlT3oRfArPvwSQ-oa3NL_fwHM7VI08r52wazoZX2Rhpz1dEw","expires_in":600}"#)
        let code = try await makeClient(transport).createPreAuthCode(componentToken: APISample.componentTokenValue)

        #expect(code == PreAuthCode(code: "Cx_Dk6qiBE0Dmx4EmlT3oRfArPvwSQ-oa3NL_fwHM7VI08r52wazoZX2Rhpz1dEw", expiresIn: 600))
        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/cgi-bin/component/api_create_preauthcode")
        #expect(queryNames(request) == ["component_access_token"])
        #expect(request.queryValue("component_access_token") == APISample.componentTokenValue)
        #expect(bodyObject(request) as? [String: String] == ["component_appid": APISample.componentAppID])
    }

    @Test func createPreAuthCode_TokenWithReservedCharacters_IsPercentEncoded() async throws {
        let transport = MockWeChatTransport(json: #"{"pre_auth_code":"preauthcode@@@abc","expires_in":600}"#)
        _ = try await makeClient(transport).createPreAuthCode(componentToken: "a+b/c=d&e")
        let request = try #require(transport.lastRequest)
        #expect(request.url.query == "component_access_token=a%2Bb%2Fc%3Dd%26e")
        #expect(request.queryValue("component_access_token") == "a+b/c=d&e")
    }

    @Test func queryAuth_Posts_AuthorizationCode() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.queryAuth)
        _ = try await makeClient(transport).queryAuth(componentToken: APISample.componentTokenValue, authorizationCode: "queryauthcode@@@E00YWR")

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/cgi-bin/component/api_query_auth")
        #expect(request.queryValue("component_access_token") == APISample.componentTokenValue)
        #expect(bodyObject(request) as? [String: String]
                == ["component_appid": APISample.componentAppID, "authorization_code": "queryauthcode@@@E00YWR"])
    }

    @Test func queryAuth_Decodes_FuncInfo() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.queryAuth)
        let info = try await makeClient(transport).queryAuth(componentToken: APISample.componentTokenValue, authorizationCode: "code")
        #expect(info == AuthorizationInfo(authorizerAppID: APISample.authorizerAppID, accessToken: APISample.authorizerTokenValue, expiresIn: 7200,
                                          refreshToken: APISample.refreshTokenValue, funcInfo: [1, 2, 3, 77]))
    }

    @Test func queryAuth_WithoutAPIPermission_HasNoTokens() async throws {
        let transport = MockWeChatTransport(json: #"{"authorization_info":{"authorizer_appid":"\#(APISample.authorizerAppID)","authorizer_refresh_token":"","func_info":[]}}"#)
        let info = try await makeClient(transport).queryAuth(componentToken: APISample.componentTokenValue, authorizationCode: "code")
        #expect(info == AuthorizationInfo(authorizerAppID: APISample.authorizerAppID))
    }

    @Test func queryAuth_Errcode61009_IsCodeInvalid() async {
        let transport = MockWeChatTransport(json: #"{"errcode":61009,"errmsg":"code is invalid"}"#)
        let error = await apiError { try await makeClient(transport).queryAuth(componentToken: APISample.componentTokenValue, authorizationCode: "code") }
        #expect(error?.kind == .codeInvalid)
    }

    @Test func authorizerToken_Posts_AppIDAndRefreshToken() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.authorizerToken(refresh: APISample.refreshTokenValue))
        let token = try await makeClient(transport).authorizerToken(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                                    refreshToken: APISample.refreshTokenValue)

        #expect(token == AuthorizerToken(accessToken: APISample.authorizerTokenValue, expiresIn: 7200, refreshToken: APISample.refreshTokenValue))
        let request = try #require(transport.lastRequest)
        #expect(request.url.path == "/cgi-bin/component/api_authorizer_token")
        #expect(request.queryValue("component_access_token") == APISample.componentTokenValue)
        #expect(bodyObject(request) as? [String: String] == ["component_appid": APISample.componentAppID, "authorizer_appid": APISample.authorizerAppID,
                                                              "authorizer_refresh_token": APISample.refreshTokenValue])
    }

    @Test func authorizerToken_EmptyRefreshToken_IsNil() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.authorizerToken(refresh: ""))
        let token = try await makeClient(transport).authorizerToken(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                                    refreshToken: APISample.refreshTokenValue)
        #expect(token.refreshToken == nil)
    }

    @Test func authorizerToken_AbsentRefreshToken_IsNil() async throws {
        let transport = MockWeChatTransport(json: #"{"authorizer_access_token":"\#(APISample.authorizerTokenValue)","expires_in":7200}"#)
        let token = try await makeClient(transport).authorizerToken(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                                    refreshToken: APISample.refreshTokenValue)
        #expect(token == AuthorizerToken(accessToken: APISample.authorizerTokenValue, expiresIn: 7200, refreshToken: nil))
    }

    @Test func authorizerToken_Errcode61023_IsRefreshTokenInvalid() async {
        let transport = MockWeChatTransport(json: #"{"errcode":61023,"errmsg":"refresh_token is invalid"}"#)
        let error = await apiError {
            try await makeClient(transport).authorizerToken(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                            refreshToken: APISample.refreshTokenValue)
        }
        #expect(error?.kind == .refreshTokenInvalid)
        #expect(error?.hint.contains("api_get_authorizer_list") == true)
    }

    @Test func authorizerToken_Errcode61003_IsRevoked() async {
        let transport = MockWeChatTransport(json: #"{"errcode":61003,"errmsg":"component is not authorized by this account rid: 5fae2af2"}"#)
        let error = await apiError {
            try await makeClient(transport).authorizerToken(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                            refreshToken: APISample.refreshTokenValue)
        }
        #expect(error?.kind == .revoked)
    }

    @Test func clearQuotaV2_Posts_AppSecretKey_WithoutToken() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).clearQuotaV2(appSecret: APISample.appSecretValue)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://api.weixin.qq.com/cgi-bin/component/clear_quota/v2")
        #expect(bodyObject(request) as? [String: String] == ["component_appid": APISample.componentAppID, "appsecret": APISample.appSecretValue])
    }

    @Test func clearQuotaV2_Errcode45009_IsQuota() async {
        let transport = MockWeChatTransport(json: #"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#)
        let error = await apiError { try await makeClient(transport).clearQuotaV2(appSecret: APISample.appSecretValue) }
        #expect(error?.kind == .quota)
        #expect(error?.endpoint == "clear_quota_v2")
    }
}
