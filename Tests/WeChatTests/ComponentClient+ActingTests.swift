import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

/// The calls made on accounts' behalf: mini program login, the JS-SDK tickets, the quota and
/// rid tools, the newer option API, and the error kinds they answer with.
@Suite struct ComponentClientActingTests {
    @Test func miniProgramLogin_Gets_WithQueryInWeChatsOrder() async throws {
        let transport = MockWeChatTransport(json: #"{"openid":"oUser1","session_key":"tiihtNczf5v6AKRyjwEUhQ==","unionid":"oUnion1"}"#)
        let session = try await makeClient(transport).miniProgramLogin(appID: APISample.authorizerAppID, jsCode: "081JsCode",
                                                                       componentToken: APISample.componentTokenValue)
        #expect(session == MiniProgramSession(openID: "oUser1", sessionKey: "tiihtNczf5v6AKRyjwEUhQ==", unionID: "oUnion1"))
        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.url.path == "/sns/component/jscode2session")
        #expect(queryNames(request) == ["appid", "js_code", "grant_type", "component_appid", "component_access_token"])
        #expect(request.queryValue("grant_type") == "authorization_code")
        #expect(request.queryValue("component_appid") == APISample.componentAppID)
    }

    @Test func miniProgramSession_Description_HidesTheSessionKey() {
        let session = MiniProgramSession(openID: "oUser1", sessionKey: "tiihtNczf5v6AKRyjwEUhQ==")
        #expect(!"\(session)".contains("tiihtNczf5v6AKRyjwEUhQ=="))
        #expect(!String(reflecting: session).contains("tiihtNczf5v6AKRyjwEUhQ=="))
    }

    @Test func miniProgramLogin_Errcode40163_IsCodeInvalid_AndTheCodeIsScrubbed() async {
        let transport = MockWeChatTransport(json: #"{"errcode":40163,"errmsg":"code been used, code: 081JsCodeUsed"}"#)
        let error = await apiError {
            try await makeClient(transport).miniProgramLogin(appID: APISample.authorizerAppID, jsCode: "081JsCodeUsed",
                                                             componentToken: APISample.componentTokenValue)
        }
        #expect(error?.kind == .codeInvalid)
        #expect(error?.endpoint == "sns_component_jscode2session")
        #expect(error.map { !"\($0)".contains("081JsCodeUsed") } == true)
    }

    @Test func jsapiTicket_AsksForTheType() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok","ticket":"bxLdikRXVbTPdHSM05e5u5sUoXNKd8","expires_in":7200}"#)
        let ticket = try await makeClient(transport).jsapiTicket(authorizerToken: APISample.authorizerTokenValue, type: .wxCard)
        #expect(ticket == JSAPITicket(ticket: "bxLdikRXVbTPdHSM05e5u5sUoXNKd8", expiresIn: 7200))
        #expect(transport.lastRequest?.url.path == "/cgi-bin/ticket/getticket")
        #expect(transport.lastRequest?.queryValue("type") == "wx_card")
        #expect(transport.lastRequest?.queryValue("access_token") == APISample.authorizerTokenValue)
    }

    @Test func ridInfo_Posts_TheRid_AndDecodesTheRequest() async throws {
        let transport = MockWeChatTransport(json: """
            {"errcode":0,"errmsg":"ok","request":{"invoke_time":1635156704,"cost_in_ms":30,"request_url":"access_token=50_Im7xxxx",
             "request_body":"","response_body":"{\\"errcode\\":45009}","client_ip":"113.1.70.51"}}
            """)
        let info = try await makeClient(transport).ridInfo(accessToken: APISample.authorizerTokenValue, rid: "61725984-6126f6f9-040f19c4")
        #expect(info == RidInfo(invokeTime: Date(timeIntervalSince1970: 1635156704), costInMilliseconds: 30,
                                requestURL: "access_token=50_Im7xxxx", requestBody: "", responseBody: #"{"errcode":45009}"#,
                                clientIP: "113.1.70.51"))
        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/cgi-bin/openapi/rid/get")
        #expect(bodyObject(request) as? [String: String] == ["rid": "61725984-6126f6f9-040f19c4"])
    }

    @Test func apiQuota_Posts_TheCGIPath_AndDecodesLimits() async throws {
        let transport = MockWeChatTransport(json: """
            {"errcode":0,"errmsg":"ok","quota":{"daily_limit":10000000,"used":3,"remain":9999997},
             "rate_limit":{"call_count":3333,"refresh_second":60},"component_rate_limit":{"call_count":5000,"refresh_second":60}}
            """)
        let quota = try await makeClient(transport).apiQuota(accessToken: APISample.componentTokenValue, cgiPath: "/cgi-bin/message/custom/send")
        #expect(quota == APIQuota(dailyLimit: 10_000_000, used: 3, remain: 9_999_997,
                                  rateLimit: .init(callCount: 3333, refreshSeconds: 60),
                                  componentRateLimit: .init(callCount: 5000, refreshSeconds: 60)))
        #expect(transport.lastRequest?.url.path == "/cgi-bin/openapi/quota/get")
        #expect(bodyObject(transport.lastRequest) as? [String: String] == ["cgi_path": "/cgi-bin/message/custom/send"])
    }

    @Test func apiQuota_WithoutRateLimits_Decodes() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok","quota":{"daily_limit":"0","used":0,"remain":0}}"#)
        let quota = try await makeClient(transport).apiQuota(accessToken: APISample.componentTokenValue, cgiPath: "/wxa/gettemplatedraftlist")
        #expect(quota == APIQuota(dailyLimit: 0, used: 0, remain: 0))
    }

    @Test func clearQuotaV2_ForAnAccount_NamesIt() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).clearQuotaV2(appSecret: APISample.appSecretValue, appID: APISample.authorizerAppID)
        #expect(bodyObject(transport.lastRequest) as? [String: String] == [
            "appid": APISample.authorizerAppID, "component_appid": APISample.componentAppID, "appsecret": APISample.appSecretValue,
        ])
        #expect(transport.lastRequest?.queryItems.isEmpty == true, "no token: the appsecret authenticates")
    }

    @Test func newOptionAPI_UsesTheAuthorizerToken_AndNamesNoAccount() async throws {
        let transport = MockWeChatTransport(json: #"{"option_name":"voice_recognize","option_value":"1"}"#)
        let client = makeClient(transport)
        let option = try await client.getAuthorizerOptionInfo(authorizerToken: APISample.authorizerTokenValue, name: "voice_recognize")
        #expect(option == AuthorizerOption(name: "voice_recognize", value: "1"))
        #expect(transport.lastRequest?.url.path == "/cgi-bin/component/get_authorizer_option")
        #expect(transport.lastRequest?.queryValue("access_token") == APISample.authorizerTokenValue)
        #expect(bodyObject(transport.lastRequest) as? [String: String] == ["option_name": "voice_recognize"])

        try await client.setAuthorizerOptionInfo(authorizerToken: APISample.authorizerTokenValue, name: "location_report", value: "2")
        #expect(transport.lastRequest?.url.path == "/cgi-bin/component/set_authorizer_option")
        #expect(bodyObject(transport.lastRequest) as? [String: String] == ["option_name": "location_report", "option_value": "2"])
    }

    @Test(arguments: [
        (61010, WeChatErrorKind.codeInvalid), (42002, .userRefreshTokenInvalid), (40030, .userRefreshTokenInvalid),
        (61012, .invalidOption), (61013, .invalidOption), (45015, .replyWindowClosed), (89503, .ipNeedsConfirmation),
        (89501, .ipNeedsConfirmation),
    ])
    func actingErrcodes_Classify(errcode: Int, kind: WeChatErrorKind) {
        #expect(WeChatErrorKind(errcode: errcode) == kind)
    }

    @Test func actingErrcodes_HintsSayWhatToDo() {
        #expect(WeChatErrorKind.userRefreshTokenInvalid.hint.contains("log in again"))
        #expect(WeChatErrorKind.replyWindowClosed.hint.contains("48 hours"))
        #expect(WeChatErrorKind.ipNeedsConfirmation.hint.contains("administrator"))
        #expect(WeChatErrorKind.invalidOption.hint.contains("location_report"))
    }
}
