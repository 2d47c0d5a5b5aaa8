import Foundation
import Testing
@testable import WeChat
import WXOpenSupport
import WXOpenTesting

/// No token, ticket, code or secret may reach a description, a debug description or a dump.
@Suite struct RedactionTests {
    func rendered(_ value: Any) -> String {
        var dumped = ""
        dump(value, to: &dumped)
        return String(describing: value) + "\n" + String(reflecting: value) + "\n" + dumped
    }

    @Test func summary_IsFirstSixCharactersAndLength() {
        #expect(Redaction.summary(APISample.componentTokenValue) == "61W3mE…(86)")
        #expect(Redaction.summary("") == "(none)")
        #expect(Redaction.summary(nil) == "(none)")
    }

    @Test func componentAccessToken_Description_HidesToken() {
        let text = rendered(ComponentAccessToken(token: APISample.componentTokenValue, expiresIn: 7200))
        #expect(!text.contains(APISample.componentTokenValue))
        #expect(String(describing: ComponentAccessToken(token: APISample.componentTokenValue, expiresIn: 7200))
                == "ComponentAccessToken(token: 61W3mE…(86), expiresIn: 7200)")
    }

    @Test func authorizerToken_Description_HidesBothTokens() {
        let text = rendered(AuthorizerToken(accessToken: APISample.authorizerTokenValue, expiresIn: 7200, refreshToken: APISample.refreshTokenValue))
        #expect(!text.contains(APISample.authorizerTokenValue))
        #expect(!text.contains(APISample.refreshTokenValue))
    }

    @Test func authorizationInfo_Description_HidesTokens() {
        let info = AuthorizationInfo(authorizerAppID: APISample.authorizerAppID, accessToken: APISample.authorizerTokenValue, expiresIn: 7200,
                                     refreshToken: APISample.refreshTokenValue, funcInfo: [1])
        let text = rendered(info)
        #expect(!text.contains(APISample.authorizerTokenValue))
        #expect(!text.contains(APISample.refreshTokenValue))
        #expect(text.contains(APISample.authorizerAppID))
    }

    @Test func authorizerInfo_Description_HidesRefreshToken() {
        let info = AuthorizerInfo(authorization: AuthorizationInfo(authorizerAppID: APISample.authorizerAppID, refreshToken: APISample.refreshTokenValue),
                                  nickName: "Demo")
        #expect(!rendered(info).contains(APISample.refreshTokenValue))
    }

    @Test func authorizerList_Description_HidesRefreshTokens() {
        let list = AuthorizerList(totalCount: 1, items: [.init(authorizerAppID: APISample.authorizerAppID, refreshToken: APISample.refreshTokenValue, authTime: nil)])
        #expect(!rendered(list).contains(APISample.refreshTokenValue))
    }

    @Test func preAuthCode_OAuthToken_JSAPITicket_Descriptions_HideSecrets() {
        let code = "preauthcode@@@Cx_Dk6qiBE0Dmx4EmlT3oRfArPvwSQ"
        #expect(!rendered(PreAuthCode(code: code, expiresIn: 600)).contains(code))
        let oauth = OAuthToken(accessToken: "USERACCESSTOKEN123", expiresIn: 7200, refreshToken: "USERREFRESHTOKEN456",
                               openID: "OPENID", scope: "snsapi_base")
        #expect(!rendered(oauth).contains("USERACCESSTOKEN123"))
        #expect(!rendered(oauth).contains("USERREFRESHTOKEN456"))
        let ticket = "bxLdikRXVbTPdHSM05e5u5sUoXNKd8"
        #expect(!rendered(JSAPITicket(ticket: ticket, expiresIn: 7200)).contains(ticket))
    }

    @Test func request_Description_HidesQueryValuesAndBody() {
        let request = WeChatHTTPRequest(
            method: "POST", url: URL(string: "https://api.weixin.qq.com/cgi-bin/component/api_query_auth?component_access_token=\(APISample.componentTokenValue)")!,
            body: Data(#"{"component_appsecret":"\#(APISample.appSecretValue)"}"#.utf8), timeout: 10)
        let text = rendered(request)
        #expect(!text.contains(APISample.componentTokenValue))
        #expect(!text.contains(APISample.appSecretValue))
        #expect(String(describing: request) == "POST /cgi-bin/component/api_query_auth?component_access_token=… (body 58 bytes)")
    }

    @Test func response_Description_HidesBody() {
        let response = WeChatHTTPResponse.json(#"{"component_access_token":"\#(APISample.componentTokenValue)","expires_in":7200}"#)
        #expect(!rendered(response).contains(APISample.componentTokenValue))
    }

    @Test func errors_FromEveryFailure_NeverContainTheToken() async {
        let answers: [WeChatHTTPResponse] = [
            .json(#"{"errcode":40001,"errmsg":"invalid credential \#(APISample.componentTokenValue)"}"#),
            .json("<html>\(APISample.componentTokenValue)</html>"),
            .json(#"{"pre_auth_code":"abc","expires_in":"\#(APISample.componentTokenValue)"}"#),
            WeChatHTTPResponse(status: 302, headers: ["Location": "https://x.example/?t=\(APISample.componentTokenValue)"], body: Data()),
        ]
        for answer in answers {
            let client = makeClient(MockWeChatTransport { _ in answer })
            let error = await apiError { try await client.createPreAuthCode(componentToken: APISample.componentTokenValue) }
            #expect(error != nil)
            #expect(!rendered(error as Any).contains(APISample.componentTokenValue))
        }
    }

    @Test func errors_NeverContainTheAppSecretOrTicket() async {
        let transport = MockWeChatTransport(json: #"{"errcode":40125,"errmsg":"invalid appsecret \#(APISample.appSecretValue) for ticket \#(APISample.ticketValue)"}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: APISample.appSecretValue, ticket: APISample.ticketValue) }
        let text = rendered(error as Any)
        #expect(error?.errcode == 40125)
        #expect(!text.contains(APISample.appSecretValue))
        #expect(!text.contains(APISample.ticketValue))
    }
}
