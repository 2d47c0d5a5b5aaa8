import Foundation
import Testing
@testable import WeChat

@Suite struct WeChatAPIErrorTests {
    @Test(arguments: [
        (-1, WeChatErrorKind.busy), (40001, .tokenInvalid), (40014, .tokenInvalid), (42001, .tokenInvalid),
        (40125, .configuration), (61011, .configuration), (61004, .ipWhitelist), (40164, .ipWhitelist),
        (61005, .ticketInvalid), (61006, .ticketInvalid), (61003, .revoked), (61007, .permissionMissing),
        (61023, .refreshTokenInvalid), (45009, .quota), (45011, .quota), (40029, .codeInvalid),
        (40163, .codeInvalid), (61009, .codeInvalid), (48001, .apiUnauthorized), (40003, .other), (0, .other),
    ])
    func errcode_Classifies(errcode: Int, kind: WeChatErrorKind) {
        #expect(WeChatErrorKind(errcode: errcode) == kind)
        #expect(WeChatAPIError.wechat(endpoint: "e", errcode: errcode, errmsg: "m").kind == kind)
    }

    @Test func errcode61004_Hint_SaysAddEgressIP() {
        let error = WeChatAPIError.wechat(endpoint: "api_component_token", errcode: 61004, errmsg: "access clientip is not registered")
        #expect(error.hint == "add this server's egress IP to the platform's IP whitelist on open.weixin.qq.com; do not retry until then")
    }

    @Test func errcode40164_Hint_SaysAddEgressIP() {
        let error = WeChatAPIError.wechat(endpoint: "api_component_token", errcode: 40164, errmsg: "invalid ip 203.0.113.7, not in whitelist")
        #expect(error.hint.contains("egress IP to the platform's IP whitelist"))
    }

    @Test func errcode40125_Hint_SaysFixConfiguration_NoRetry() {
        let hint = WeChatAPIError.wechat(endpoint: "api_component_token", errcode: 40125, errmsg: "invalid appsecret").hint
        #expect(hint.contains("fix the platform's configuration"))
        #expect(hint.contains("do not retry"))
    }

    @Test func errcode61006_Hint_NamesStartPushTicket() {
        #expect(WeChatErrorKind(errcode: 61006).hint.contains("api_start_push_ticket"))
    }

    @Test func errcode45009_Hint_SaysClearQuotaIsManual() {
        #expect(WeChatErrorKind(errcode: 45009).hint.contains("clear_quota is a manual operator decision"))
    }

    @Test func errcode40001_Hint_SaysRetryOnce_AndMentionsWrongSecret() {
        let hint = WeChatErrorKind(errcode: 40001).hint
        #expect(hint.contains("retry once"))
        #expect(hint.contains("wrong appsecret"))
    }

    @Test func description_HasEndpointErrcodeErrmsgAndHint() {
        let error = WeChatAPIError.wechat(endpoint: "api_query_auth", errcode: 61004, errmsg: "access clientip is not registered")
        #expect(String(describing: error) == "WeChat api_query_auth failed: errcode 61004 (access clientip is not registered) — "
                + "add this server's egress IP to the platform's IP whitelist on open.weixin.qq.com; do not retry until then")
    }

    @Test func description_OfTimeout_SaysTimedOut() {
        let error = WeChatAPIError.transport(endpoint: "api_authorizer_token", .timedOut(after: 0.5))
        #expect(error.description.hasPrefix("WeChat api_authorizer_token failed: timed out after 0.5 s — no answer from WeChat"))
    }

    @Test func description_OfUnexpectedStatus_SaysStatus() {
        let error = WeChatAPIError.unexpectedStatus(endpoint: "sns_userinfo", status: 302)
        #expect(error.description.hasPrefix("WeChat sns_userinfo failed: HTTP status 302 — "))
        #expect(error.hint.contains("3xx is never followed"))
    }

    @Test func nonWeChatErrors_HaveNoErrcode() {
        #expect(WeChatAPIError.transport(endpoint: "e", .connectionFailed(reason: "x")).errcode == nil)
        #expect(WeChatAPIError.unexpectedStatus(endpoint: "e", status: 500).errcode == nil)
        #expect(WeChatAPIError.malformedBody(endpoint: "e", detail: "not valid JSON").errcode == nil)
    }

    @Test func malformedBody_IsBadResponse() {
        #expect(WeChatAPIError.malformedBody(endpoint: "e", detail: "not valid JSON").kind == .badResponse)
    }
}
