import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

@Suite struct ComponentClientOAuthTests {
    static let tokenBody = """
    {"access_token":"ACCESS_TOKEN_61W3mEpU6602","expires_in":7200,"refresh_token":"REFRESH_TOKEN_dTo-YCXPL4l",
     "openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","scope":"snsapi_userinfo","unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL"}
    """

    @Test func oauthAccessToken_Gets_WithQueryInOrder() async throws {
        let transport = MockWeChatTransport(json: Self.tokenBody)
        _ = try await makeClient(transport).oauthAccessToken(appID: APISample.authorizerAppID, code: "061AbcCode", componentToken: APISample.componentTokenValue)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.body == nil)
        #expect(request.url.path == "/sns/oauth2/component/access_token")
        #expect(request.queryItems == [
            URLQueryItem(name: "appid", value: APISample.authorizerAppID), URLQueryItem(name: "code", value: "061AbcCode"),
            URLQueryItem(name: "grant_type", value: "authorization_code"), URLQueryItem(name: "component_appid", value: APISample.componentAppID),
            URLQueryItem(name: "component_access_token", value: APISample.componentTokenValue),
        ])
    }

    @Test func oauthAccessToken_Decodes_Token() async throws {
        let transport = MockWeChatTransport(json: Self.tokenBody)
        let token = try await makeClient(transport).oauthAccessToken(appID: APISample.authorizerAppID, code: "061AbcCode", componentToken: APISample.componentTokenValue)
        #expect(token == OAuthToken(accessToken: "ACCESS_TOKEN_61W3mEpU6602", expiresIn: 7200, refreshToken: "REFRESH_TOKEN_dTo-YCXPL4l",
                                    openID: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", scope: "snsapi_userinfo",
                                    unionID: "o6_bmasdasdsad6_2sgVt7hMZOPfL"))
    }

    @Test func oauthAccessToken_Errcode40163_IsCodeInvalid() async {
        let transport = MockWeChatTransport(json: #"{"errcode":40163,"errmsg":"code been used, rid: 5f0b8c2e"}"#)
        let error = await apiError { try await makeClient(transport).oauthAccessToken(appID: APISample.authorizerAppID, code: "c", componentToken: APISample.componentTokenValue) }
        #expect(error?.kind == .codeInvalid)
        #expect(error?.endpoint == "sns_oauth2_component_access_token")
    }

    @Test func oauthAccessToken_Errcode48001_IsAPIUnauthorized() async {
        let transport = MockWeChatTransport(json: #"{"errcode":48001,"errmsg":"api unauthorized"}"#)
        let error = await apiError { try await makeClient(transport).oauthAccessToken(appID: APISample.authorizerAppID, code: "c", componentToken: APISample.componentTokenValue) }
        #expect(error?.kind == .apiUnauthorized)
        #expect(error?.hint.contains("component token") == true)
    }

    @Test func oauthRefreshToken_Gets_WithQueryInOrder() async throws {
        let transport = MockWeChatTransport(json: Self.tokenBody)
        let token = try await makeClient(transport).oauthRefreshToken(appID: APISample.authorizerAppID, refreshToken: "REFRESH_TOKEN_dTo-YCXPL4l",
                                                                      componentToken: APISample.componentTokenValue)
        #expect(token.openID == "o6_bmjrPTlm6_2sgVt7hMZOPfL2M")
        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.url.path == "/sns/oauth2/component/refresh_token")
        #expect(queryNames(request) == ["appid", "grant_type", "component_appid", "component_access_token", "refresh_token"])
        #expect(request.queryValue("grant_type") == "refresh_token")
        #expect(request.queryValue("refresh_token") == "REFRESH_TOKEN_dTo-YCXPL4l")
    }

    @Test func userInfo_Gets_WithTokenOpenIDAndLang() async throws {
        let transport = MockWeChatTransport(json: #"{"openid":"OPENID","nickname":"Band","sex":1}"#)
        _ = try await makeClient(transport).userInfo(accessToken: "USER_ACCESS_TOKEN", openID: "OPENID", lang: "en")
        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.url.path == "/sns/userinfo")
        #expect(request.url.query == "access_token=USER_ACCESS_TOKEN&openid=OPENID&lang=en")
    }

    @Test func userInfo_Decodes_SexSentAsString() async throws {
        let transport = MockWeChatTransport(json: """
            {"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","nickname":"Band","sex":"1","province":"广东","city":"广州","country":"中国",
             "headimgurl":"http://thirdwx.qlogo.cn/mmopen/g3MonUZtNHkdmzicIlibx6iaFqAc56vxLSUfpb6n5WKSYVY0ChQKkiaJSgQ1dZuTOgvLLrhJbERQQ4eMsv84eavHiaiceqxibJxCfHe/46",
             "privilege":["PRIVILEGE1","PRIVILEGE2"],"unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL"}
            """)
        let user = try await makeClient(transport).userInfo(accessToken: "USER_ACCESS_TOKEN", openID: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M")
        #expect(user == SNSUserInfo(
            openID: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", nickname: "Band", sex: 1, province: "广东", city: "广州", country: "中国",
            headImageURL: "http://thirdwx.qlogo.cn/mmopen/g3MonUZtNHkdmzicIlibx6iaFqAc56vxLSUfpb6n5WKSYVY0ChQKkiaJSgQ1dZuTOgvLLrhJbERQQ4eMsv84eavHiaiceqxibJxCfHe/46",
            privilege: ["PRIVILEGE1", "PRIVILEGE2"], unionID: "o6_bmasdasdsad6_2sgVt7hMZOPfL"))
        #expect(transport.lastRequest?.queryValue("lang") == "zh_CN")
    }

    @Test func userInfo_Decodes_SexSentAsNumber_AndMissingFieldsAsEmpty() async throws {
        let transport = MockWeChatTransport(json: #"{"openid":"OPENID","nickname":"Band","sex":2}"#)
        let user = try await makeClient(transport).userInfo(accessToken: "USER_ACCESS_TOKEN", openID: "OPENID")
        #expect(user == SNSUserInfo(openID: "OPENID", nickname: "Band", sex: 2, province: "", city: "", country: "",
                                    headImageURL: "", privilege: [], unionID: nil))
    }

    @Test func snsAuth_Errcode0_IsTrue() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        let valid = try await makeClient(transport).snsAuth(accessToken: "USER_ACCESS_TOKEN", openID: "OPENID")
        #expect(valid == true)
        let request = try #require(transport.lastRequest)
        #expect(request.method == "GET")
        #expect(request.url.path == "/sns/auth")
        #expect(request.url.query == "access_token=USER_ACCESS_TOKEN&openid=OPENID")
    }

    @Test func snsAuth_Errcode40003_IsFalse() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":40003,"errmsg":"invalid openid"}"#)
        let valid = try await makeClient(transport).snsAuth(accessToken: "USER_ACCESS_TOKEN", openID: "OPENID")
        #expect(valid == false)
    }

    @Test func snsAuth_Busy_Throws() async {
        let transport = MockWeChatTransport(json: #"{"errcode":-1,"errmsg":"system error"}"#)
        let error = await apiError { try await makeClient(transport).snsAuth(accessToken: "USER_ACCESS_TOKEN", openID: "OPENID") }
        #expect(error == .wechat(endpoint: "sns_auth", errcode: -1, errmsg: "system error"))
    }
}
