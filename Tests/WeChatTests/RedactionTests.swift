import Foundation
import Testing
@testable import WeChat

/// No token, ticket, code or secret may reach a description, a debug description or a dump.
@Suite struct RedactionTests {
    func rendered(_ value: Any) -> String {
        var dumped = ""
        dump(value, to: &dumped)
        return String(describing: value) + "\n" + String(reflecting: value) + "\n" + dumped
    }

    @Test func summary_IsFirstSixCharactersAndLength() {
        #expect(Redaction.summary(componentTokenValue) == "61W3mE…(86)")
        #expect(Redaction.summary("") == "(none)")
        #expect(Redaction.summary(nil) == "(none)")
    }

    @Test func componentAccessToken_Description_HidesToken() {
        let text = rendered(ComponentAccessToken(token: componentTokenValue, expiresIn: 7200))
        #expect(!text.contains(componentTokenValue))
        #expect(String(describing: ComponentAccessToken(token: componentTokenValue, expiresIn: 7200))
                == "ComponentAccessToken(token: 61W3mE…(86), expiresIn: 7200)")
    }

    @Test func authorizerToken_Description_HidesBothTokens() {
        let text = rendered(AuthorizerToken(accessToken: authorizerTokenValue, expiresIn: 7200, refreshToken: refreshTokenValue))
        #expect(!text.contains(authorizerTokenValue))
        #expect(!text.contains(refreshTokenValue))
    }

    @Test func authorizationInfo_Description_HidesTokens() {
        let info = AuthorizationInfo(authorizerAppID: authorizerAppID, accessToken: authorizerTokenValue, expiresIn: 7200,
                                     refreshToken: refreshTokenValue, funcInfo: [1])
        let text = rendered(info)
        #expect(!text.contains(authorizerTokenValue))
        #expect(!text.contains(refreshTokenValue))
        #expect(text.contains(authorizerAppID))
    }

    @Test func authorizerInfo_Description_HidesRefreshToken() {
        let info = AuthorizerInfo(authorization: AuthorizationInfo(authorizerAppID: authorizerAppID, refreshToken: refreshTokenValue),
                                  nickName: "Demo")
        #expect(!rendered(info).contains(refreshTokenValue))
    }

    @Test func authorizerList_Description_HidesRefreshTokens() {
        let list = AuthorizerList(totalCount: 1, items: [.init(authorizerAppID: authorizerAppID, refreshToken: refreshTokenValue, authTime: nil)])
        #expect(!rendered(list).contains(refreshTokenValue))
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
            method: "POST", url: URL(string: "https://api.weixin.qq.com/cgi-bin/component/api_query_auth?component_access_token=\(componentTokenValue)")!,
            body: Data(#"{"component_appsecret":"\#(appSecretValue)"}"#.utf8), timeout: 10)
        let text = rendered(request)
        #expect(!text.contains(componentTokenValue))
        #expect(!text.contains(appSecretValue))
        #expect(String(describing: request) == "POST /cgi-bin/component/api_query_auth?component_access_token=… (body 58 bytes)")
    }

    @Test func response_Description_HidesBody() {
        let response = WeChatHTTPResponse.json(#"{"component_access_token":"\#(componentTokenValue)","expires_in":7200}"#)
        #expect(!rendered(response).contains(componentTokenValue))
    }

    @Test func errors_FromEveryFailure_NeverContainTheToken() async {
        let answers: [WeChatHTTPResponse] = [
            .json(#"{"errcode":40001,"errmsg":"invalid credential \#(componentTokenValue)"}"#),
            .json("<html>\(componentTokenValue)</html>"),
            .json(#"{"pre_auth_code":"abc","expires_in":"\#(componentTokenValue)"}"#),
            WeChatHTTPResponse(status: 302, headers: ["Location": "https://x.example/?t=\(componentTokenValue)"], body: Data()),
        ]
        for answer in answers {
            let client = makeClient(MockWeChatTransport { _ in answer })
            let error = await apiError { try await client.createPreAuthCode(componentToken: componentTokenValue) }
            #expect(error != nil)
            #expect(!rendered(error as Any).contains(componentTokenValue))
        }
    }

    @Test func errors_NeverContainTheAppSecretOrTicket() async {
        let transport = MockWeChatTransport(json: #"{"errcode":40125,"errmsg":"invalid appsecret \#(appSecretValue) for ticket \#(ticketValue)"}"#)
        let error = await apiError { try await makeClient(transport).componentToken(appSecret: appSecretValue, ticket: ticketValue) }
        let text = rendered(error as Any)
        #expect(error?.errcode == 40125)
        #expect(!text.contains(appSecretValue))
        #expect(!text.contains(ticketValue))
    }
}
