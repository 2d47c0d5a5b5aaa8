import Foundation
import Testing
@testable import WeChat
import WXOpenTesting

@Suite struct ComponentClientAuthorizationURLsTests {
    let client = makeClient(MockWeChatTransport(json: "{}"))
    let redirect = "https://wx.example.com/authorize/callback?state=ab12 x"

    @Test func authorizationPageURL_PC_IsComponentLoginPage() {
        let url = client.authorizationPageURL(preAuthCode: "preauthcode@@@HWLm", redirectURI: redirect, authType: .officialAccounts)
        #expect(url.absoluteString == "https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=\(APISample.componentAppID)"
                + "&pre_auth_code=preauthcode%40%40%40HWLm"
                + "&redirect_uri=https%3A%2F%2Fwx.example.com%2Fauthorize%2Fcallback%3Fstate%3Dab12%20x&auth_type=1")
    }

    @Test func authorizationPageURL_PC_AppendsBizAppIDAndCategories() {
        let url = client.authorizationPageURL(preAuthCode: "P", redirectURI: "https://a.example/cb", authType: .miniPrograms,
                                              bizAppID: "wx1b41b60e8064b9f0", categoryIDs: [1, 2, 17])
        #expect(url.absoluteString == "https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=\(APISample.componentAppID)"
                + "&pre_auth_code=P&redirect_uri=https%3A%2F%2Fa.example%2Fcb&auth_type=2"
                + "&biz_appid=wx1b41b60e8064b9f0&category_id_list=1%7C2%7C17")
    }

    @Test func authorizationPageURL_Mobile_IsBindComponent_WithWechatRedirect() {
        let url = client.authorizationPageURL(preAuthCode: "P", redirectURI: "https://a.example/cb", authType: .all,
                                              bizAppID: "wx1b41b60e8064b9f0", mobile: true)
        #expect(url.absoluteString == "https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1"
                + "&component_appid=\(APISample.componentAppID)&pre_auth_code=P&redirect_uri=https%3A%2F%2Fa.example%2Fcb&auth_type=6"
                + "&biz_appid=wx1b41b60e8064b9f0#wechat_redirect")
    }

    @Test func authorizationPageURL_UsesConfiguredHosts_WithPathPrefix() {
        let simulator = WeChatEndpoints(baseURL: URL(string: "http://127.0.0.1:9000/sim/")!)
        let client = makeClient(MockWeChatTransport(json: "{}"), endpoints: simulator)
        let url = client.authorizationPageURL(preAuthCode: "P", redirectURI: "r", authType: .officialAccountsAndMiniPrograms)
        #expect(url.absoluteString == "http://127.0.0.1:9000/sim/cgi-bin/componentloginpage?component_appid=\(APISample.componentAppID)"
                + "&pre_auth_code=P&redirect_uri=r&auth_type=3")
    }

    @Test func oauthAuthorizeURL_HasParametersInWeChatsOrder() {
        let url = client.oauthAuthorizeURL(appID: APISample.authorizerAppID, redirectURI: "https://wx.example.com/oauth/back",
                                           scope: .userInfo, state: "s7Q2")
        #expect(url.absoluteString == "https://open.weixin.qq.com/connect/oauth2/authorize?appid=\(APISample.authorizerAppID)"
                + "&redirect_uri=https%3A%2F%2Fwx.example.com%2Foauth%2Fback&response_type=code&scope=snsapi_userinfo"
                + "&state=s7Q2&component_appid=\(APISample.componentAppID)#wechat_redirect")
    }

    @Test func oauthAuthorizeURL_BaseScope_IsSnsapiBase() {
        let url = client.oauthAuthorizeURL(appID: APISample.authorizerAppID, redirectURI: "r", scope: .base, state: "")
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(items.first { $0.name == "scope" }?.value == "snsapi_base")
    }
}
