import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

@Suite struct ComponentClientAuthorizersTests {
    @Test func authorizerInfo_Posts_AppIDs_WithComponentToken() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.authorizerInfoOfficialAccount)
        _ = try await makeClient(transport).authorizerInfo(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID)

        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/cgi-bin/component/api_get_authorizer_info")
        #expect(queryNames(request) == ["component_access_token"])
        #expect(request.queryValue("component_access_token") == APISample.componentTokenValue)
        #expect(bodyObject(request) as? [String: String] == ["component_appid": APISample.componentAppID, "authorizer_appid": APISample.authorizerAppID])
    }

    @Test func authorizerInfo_Decodes_OfficialAccount() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.authorizerInfoOfficialAccount)
        let info = try await makeClient(transport).authorizerInfo(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID)

        #expect(info.nickName == "微信SDK Demo Special")
        #expect(info.headImageURL == "http://wx.qlogo.cn/mmopen/GPy")
        #expect(info.serviceTypeID == 2)
        #expect(info.verifyTypeID == 0)
        #expect(info.userName == "gh_eb5e3a772040")
        #expect(info.alias == "paytest01")
        #expect(info.principalName == "腾讯计算机系统有限公司")
        #expect(info.signature == "这是一个测试帐号")
        #expect(info.qrcodeURL == "URL")
        #expect(info.businessInfo == ["open_store": 0, "open_scan": 0, "open_pay": 1, "open_card": 0, "open_shake": 0])
        #expect(info.registerType == 0)
        #expect(info.accountStatus == 1)
        #expect(info.basicConfig == AuthorizerInfo.BasicConfig(isPhoneConfigured: true, isEmailConfigured: false))
        #expect(info.miniProgramInfo == nil)
        #expect(info.isMiniProgram == false)
        #expect(info.authorization == AuthorizationInfo(authorizerAppID: APISample.authorizerAppID, refreshToken: APISample.refreshTokenValue, funcInfo: [1, 15]))
    }

    @Test func authorizerInfo_Keeps_RawAuthorizerInfoBytes() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.authorizerInfoOfficialAccount)
        let info = try await makeClient(transport).authorizerInfo(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID)
        #expect(String(decoding: info.rawAuthorizerInfo, as: UTF8.self) == APIFixtures.authorizerInfoRaw)
    }

    @Test func authorizerInfo_Decodes_MiniProgram_Loosely() async throws {
        let transport = MockWeChatTransport(json: APIFixtures.authorizerInfoMiniProgram)
        let info = try await makeClient(transport).authorizerInfo(componentToken: APISample.componentTokenValue, authorizerAppID: "wxd101a85aa106f53e")

        #expect(info.isMiniProgram)
        #expect(info.miniProgramInfo == MiniProgramInfo(
            network: ["RequestDomain": ["https://www.example.com"], "WsRequestDomain": [], "BizDomain": ["https://biz.example.com"]],
            categories: [.init(first: "生活服务", second: "环保回收/废品回收")], visitStatus: 0))
        #expect(info.verifyTypeID == -1)
        #expect(info.signature == nil)
        #expect(info.alias == nil)
        #expect(info.businessInfo == ["open_pay": 0, "open_shake": 1])
        #expect(info.basicConfig == AuthorizerInfo.BasicConfig(isPhoneConfigured: true, isEmailConfigured: false))
        #expect(info.authorization.funcInfo == [17, 18])
    }

    @Test func authorizerInfo_MissingOptionalFields_StillDecodes() async throws {
        let transport = MockWeChatTransport(json: #"{"authorizer_info":{"nick_name":"Only a name"},"authorization_info":{"authorizer_appid":"\#(APISample.authorizerAppID)"}}"#)
        let info = try await makeClient(transport).authorizerInfo(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID)
        #expect(info == AuthorizerInfo(authorization: AuthorizationInfo(authorizerAppID: APISample.authorizerAppID), nickName: "Only a name",
                                       rawAuthorizerInfo: Data(#"{"nick_name":"Only a name"}"#.utf8)))
    }

    @Test func authorizerInfo_WithoutAuthorizationInfo_IsMalformedBody() async {
        let transport = MockWeChatTransport(json: #"{"authorizer_info":{"nick_name":"x"}}"#)
        let error = await apiError { try await makeClient(transport).authorizerInfo(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID) }
        #expect(error == .malformedBody(endpoint: "api_get_authorizer_info", detail: "missing authorization_info"))
    }

    @Test func getAuthorizerOption_Posts_OptionName_WithoutValue() async throws {
        let transport = MockWeChatTransport(json: #"{"authorizer_appid":"\#(APISample.authorizerAppID)","option_name":"voice_recognize","option_value":"1"}"#)
        let option = try await makeClient(transport).getAuthorizerOption(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                                         name: "voice_recognize")

        #expect(option == AuthorizerOption(name: "voice_recognize", value: "1"))
        let request = try #require(transport.lastRequest)
        #expect(request.url.path == "/cgi-bin/component/api_get_authorizer_option")
        #expect(request.queryValue("component_access_token") == APISample.componentTokenValue)
        #expect(bodyObject(request) as? [String: String] == ["component_appid": APISample.componentAppID, "authorizer_appid": APISample.authorizerAppID,
                                                              "option_name": "voice_recognize"])
    }

    @Test func getAuthorizerOption_Decodes_NumericValue() async throws {
        let transport = MockWeChatTransport(json: #"{"option_name":"location_report","option_value":2}"#)
        let option = try await makeClient(transport).getAuthorizerOption(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                                         name: "location_report")
        #expect(option == AuthorizerOption(name: "location_report", value: "2"))
    }

    @Test func setAuthorizerOption_Posts_NameAndValue() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).setAuthorizerOption(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                            name: "customer_service", value: "1")
        let request = try #require(transport.lastRequest)
        #expect(request.url.path == "/cgi-bin/component/api_set_authorizer_option")
        #expect(bodyObject(request) as? [String: String] == ["component_appid": APISample.componentAppID, "authorizer_appid": APISample.authorizerAppID,
                                                              "option_name": "customer_service", "option_value": "1"])
    }

    @Test func setAuthorizerOption_Errcode61007_IsPermissionMissing() async {
        let transport = MockWeChatTransport(json: #"{"errcode":61007,"errmsg":"api is unauthorized to component rid: 64e71806"}"#)
        let error = await apiError {
            try await makeClient(transport).setAuthorizerOption(componentToken: APISample.componentTokenValue, authorizerAppID: APISample.authorizerAppID,
                                                                name: "customer_service", value: "1")
        }
        #expect(error?.kind == .permissionMissing)
    }

    @Test func authorizerList_Posts_OffsetAndCount_AsNumbers() async throws {
        let transport = MockWeChatTransport(json: #"{"total_count":0,"list":[]}"#)
        _ = try await makeClient(transport).authorizerList(componentToken: APISample.componentTokenValue, offset: 500, count: 100)

        let request = try #require(transport.lastRequest)
        #expect(request.url.path == "/cgi-bin/component/api_get_authorizer_list")
        #expect(request.queryValue("component_access_token") == APISample.componentTokenValue)
        #expect(String(decoding: try #require(request.body), as: UTF8.self)
                == #"{"component_appid":"\#(APISample.componentAppID)","count":100,"offset":500}"#)
    }

    @Test func authorizerList_Clamps_CountTo500_AndOffsetToZero() async throws {
        let transport = MockWeChatTransport(json: #"{"total_count":0,"list":[]}"#)
        _ = try await makeClient(transport).authorizerList(componentToken: APISample.componentTokenValue, offset: -3, count: 1000)
        let body = bodyObject(transport.lastRequest)
        #expect(body["count"] as? Int == 500)
        #expect(body["offset"] as? Int == 0)
    }

    @Test func authorizerList_Decodes_Items() async throws {
        let transport = MockWeChatTransport(json: """
            {"total_count":33,"list":[
              {"authorizer_appid":"wxf8b4f85f3a794e77","refresh_token":"\(APISample.refreshTokenValue)","auth_time":1558000607},
              {"authorizer_appid":"wx7bc5ba58cabd00f4","refresh_token":"","auth_time":"1558000000"}]}
            """)
        let list = try await makeClient(transport).authorizerList(componentToken: APISample.componentTokenValue, offset: 0, count: 500)
        #expect(list == AuthorizerList(totalCount: 33, items: [
            .init(authorizerAppID: "wxf8b4f85f3a794e77", refreshToken: APISample.refreshTokenValue, authTime: Date(timeIntervalSince1970: 1_558_000_607)),
            .init(authorizerAppID: "wx7bc5ba58cabd00f4", refreshToken: nil, authTime: Date(timeIntervalSince1970: 1_558_000_000)),
        ]))
    }
}
