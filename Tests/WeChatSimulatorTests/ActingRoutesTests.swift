import Foundation
import Testing
@testable import WeChatSimulator
import WeChat
import WXOpenSupport

/// The simulator's side of acting for accounts: mini program login, the JS-SDK check, the
/// quota and rid tools, quota resets by the month, and the newer option API.
@Suite struct ActingRoutesTests {
    typealias H = Harness

    private func login(_ h: Harness, code: String?, appID: String = H.fruitMini, token: String,
                       grantType: String = "authorization_code") async throws -> TestHTTP.Reply {
        var pairs = [("appid", appID), ("grant_type", grantType), ("component_appid", H.componentAppID),
                     ("component_access_token", token)]
        if let code { pairs.insert(("js_code", code), at: 1) }
        return try await h.http.get("/sns/component/jscode2session?" + query(pairs))
    }

    @Test func jscode2session_AnswersTheUsersOpenID_AndAFreshSessionKey() async throws {
        try await withHarness { h in
            let token = try await h.componentToken()
            _ = try await h.simulator.authorize(appID: H.fruitMini, sendPush: false)
            let code = try h.simulator.issueJSCode(appID: H.fruitMini, userID: "zhangwei")
            let reply = try await login(h, code: code, token: token)
            #expect(reply.errcode == nil)
            #expect(reply.string("openid") == h.simulator.openID(of: "zhangwei", in: H.fruitMini))
            let key = try #require(reply.string("session_key"))
            #expect(Data(base64Encoded: key)?.count == 16)
            #expect(h.simulator.sessionKey(appID: H.fruitMini, userID: "zhangwei") == key)
            #expect(reply.string("unionid") != nil, "zhangwei has a unionid")
        }
    }

    @Test func jscode2session_RefusesUsedExpiredAndForeignCodes() async throws {
        try await withHarness { h in
            let token = try await h.componentToken()
            _ = try await h.simulator.authorize(appID: H.fruitMini, sendPush: false)
            _ = try await h.simulator.authorize(appID: H.parkingMini, sendPush: false)
            let code = try h.simulator.issueJSCode(appID: H.fruitMini, userID: "lina")
            #expect(try await login(h, code: code, token: token).errcode == nil)
            #expect(try await login(h, code: code, token: token).errcode == 40163)
            let foreign = try h.simulator.issueJSCode(appID: H.parkingMini, userID: "lina")
            #expect(try await login(h, code: foreign, token: token).errcode == 40029)
            #expect(try await login(h, code: nil, token: token).errcode == 41008)
            let late = try h.simulator.issueJSCode(appID: H.fruitMini, userID: "lina")
            h.clock.advance(by: 300)
            #expect(try await login(h, code: late, token: try await h.componentToken()).errcode == 40029)
        }
    }

    @Test func jscode2session_ChecksGrantTypeAccountAndToken() async throws {
        try await withHarness { h in
            let token = try await h.componentToken()
            let code = try h.simulator.issueJSCode(appID: H.fruitMini, userID: "lina")
            #expect(try await login(h, code: code, token: token).errcode == 61003, "not authorized yet")
            _ = try await h.simulator.authorize(appID: H.fruitMini, sendPush: false)
            #expect(try await login(h, code: code, token: token, grantType: "client_credential").errcode == 40002)
            #expect(try await login(h, code: code, appID: H.coffee, token: token).errcode == 61003)
            _ = try await h.simulator.authorize(appID: H.coffee, sendPush: false)
            #expect(try await login(h, code: code, appID: H.coffee, token: token).errcode == 40013, "an official account")
            #expect(try await login(h, code: code, token: "61_" + String(repeating: "x", count: 40)).errcode == 40001)
        }
    }

    @Test func controlRoute_IssuesACode_ThatLogsIn() async throws {
        try await withHarness { h in
            let token = try await h.componentToken()
            _ = try await h.simulator.authorize(appID: H.fruitMini, sendPush: false)
            let issued = try await h.http.post("/simulator/mini-programs/\(H.fruitMini)/login", object: ["user": "lina"])
            #expect(issued.status == 200)
            #expect(issued.int("expires_in") == 300)
            let reply = try await login(h, code: issued.string("js_code"), token: token)
            #expect(reply.string("openid") == issued.string("openid"))
            let key = try await h.http.get("/simulator/mini-programs/\(H.fruitMini)/users/lina/session-key")
            #expect(key.string("session_key") == reply.string("session_key"))
            #expect(try await h.http.post("/simulator/mini-programs/\(H.coffee)/login", object: [:]).status == 409)
            #expect(try await h.http.post("/simulator/mini-programs/\(H.fruitMini)/login", object: ["user": "nobody"]).status == 404)
        }
    }

    @Test func jssdkVerify_AcceptsOnlyTheCurrentTicketsSignature() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let access = try await h.authorized(H.coffee, componentToken: component).access
            let ticket = try await h.http.get("/cgi-bin/ticket/getticket?" + query([("access_token", access), ("type", "jsapi")]))
            let value = try #require(ticket.string("ticket"))
            let signature = JSSDKSignature.sign(ticket: value, nonceStr: "abc", timestamp: 1_800_000_000, url: "https://shop.example/a?b=1")
            let body: [String: Any] = ["appid": H.coffee, "url": "https://shop.example/a?b=1#x", "noncestr": "abc",
                                       "timestamp": 1_800_000_000, "signature": signature]
            #expect(try await h.http.post("/simulator/jssdk/verify", object: body).json["valid"] as? Bool == true)
            var wrongURL = body
            wrongURL["url"] = "https://shop.example/a?b=2"
            #expect(try await h.http.post("/simulator/jssdk/verify", object: wrongURL).json["valid"] as? Bool == false)
            h.clock.advance(by: 7200)
            #expect(try await h.http.post("/simulator/jssdk/verify", object: body).json["valid"] as? Bool == false, "the ticket expired")
        }
    }

    @Test func quotaGet_CountsCalls_AndKnowsWhosePathItIs() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let access = try await h.authorized(H.coffee, componentToken: component).access
            func quota(_ token: String, _ path: String) async throws -> TestHTTP.Reply {
                try await h.api("/cgi-bin/openapi/quota/get", token: token, tokenName: "access_token", ["cgi_path": path])
            }
            let own = try await quota(component, "/cgi-bin/component/api_component_token")
            let numbers = own.json["quota"] as? [String: Int]
            #expect(numbers == ["daily_limit": 2000, "used": 1, "remain": 1999])
            #expect(try await quota(access, "/cgi-bin/component/api_component_token").errcode == 76022)
            #expect(try await quota(component, "/cgi-bin/message/custom/send").errcode == 76022)
            #expect(try await quota(access, "/sns/userinfo").errcode == 76022)
            #expect(try await quota(access, "cgi-bin/ticket/getticket").errcode == 76021)
            #expect(try await quota(access, "/cgi-bin/no/such/api").errcode == 76021)
            #expect((try await quota(access, "/cgi-bin/ticket/getticket").json["quota"] as? [String: Int])?["used"] == 0)
        }
    }

    @Test func clearQuota_ForAnAccount_ZeroesItsCount_AndIsLimitedPerMonth() async throws {
        try await withHarness({ $0.clearQuotaLimit = 2 }) { h in
            let component = try await h.componentToken()
            _ = try await h.authorized(H.coffee, componentToken: component)
            let clear: [String: Any] = ["component_appid": H.componentAppID, "appsecret": H.appSecret, "appid": H.coffee]
            #expect(try await h.api("/cgi-bin/component/clear_quota/v2", clear).errcode == 0)
            #expect(try await h.api("/cgi-bin/component/clear_quota/v2", clear).errcode == 0)
            #expect(try await h.api("/cgi-bin/component/clear_quota/v2", clear).errcode == 48006)
            #expect(h.simulator.quotaResets(holder: H.coffee) == 2)
            #expect(h.simulator.quotaResets(holder: "component") == 0, "the platform's own budget is separate")
            h.clock.advance(by: 32 * 86_400)
            #expect(try await h.api("/cgi-bin/component/clear_quota/v2", clear).errcode == 0, "a new month")
            var unknown = clear
            unknown["appid"] = H.bookstore
            #expect(try await h.api("/cgi-bin/component/clear_quota/v2", unknown).errcode == 40013, "not authorized")
        }
    }

    @Test func clearQuota_ForThePlatform_ZeroesItsOwnCounts() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            #expect(try await h.api("/cgi-bin/component/clear_quota/v2", ["component_appid": H.componentAppID, "appsecret": H.appSecret]).errcode == 0)
            let quota = try await h.api("/cgi-bin/openapi/quota/get", token: component, tokenName: "access_token",
                                        ["cgi_path": "/cgi-bin/component/api_component_token"])
            #expect((quota.json["quota"] as? [String: Int])?["used"] == 0)
        }
    }

    @Test func rids_AreRecorded_AndLookedUpOnlyByTheirAccount() async throws {
        try await withHarness({ $0.ridsInErrors = true }) { h in
            let component = try await h.componentToken()
            let access = try await h.authorized(H.coffee, componentToken: component).access
            let failed = try await h.api("/cgi-bin/message/custom/send", token: access, tokenName: "access_token", ["touser": ""])
            #expect(failed.errcode == 40003)
            let errmsg = try #require(failed.string("errmsg"))
            let rid = try #require(errmsg.components(separatedBy: " rid: ").last)
            #expect(errmsg.hasPrefix("invalid openid rid: "))
            let found = try await h.api("/cgi-bin/openapi/rid/get", token: access, tokenName: "access_token", ["rid": rid])
            let request = try #require(found.json["request"] as? [String: Any])
            #expect((request["request_url"] as? String)?.hasPrefix("access_token=61_") == true)
            #expect((request["request_url"] as? String)?.contains(access) == false, "tokens are cut, as WeChat logs them")
            #expect((request["response_body"] as? String)?.contains("40003") == true)
            #expect(try await h.api("/cgi-bin/openapi/rid/get", token: component, tokenName: "access_token", ["rid": rid]).errcode == 76003)
            #expect(try await h.api("/cgi-bin/openapi/rid/get", token: access, tokenName: "access_token", ["rid": "nope"]).errcode == 76002)
            #expect(try await h.api("/cgi-bin/openapi/rid/get", token: access, tokenName: "access_token",
                                    ["rid": "00000000-00000000-00000000"]).errcode == 76001)
        }
    }

    @Test func errors_CarryNoRid_Unless_Configured() async throws {
        try await withHarness { h in
            let reply = try await h.api("/cgi-bin/component/api_component_token", ["component_appid": H.componentAppID])
            #expect(reply.string("errmsg") == "appsecret missing")
        }
    }

    @Test func newOptionAPI_TakesTheAuthorizerToken_AndChecksNamesAndValues() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let access = try await h.authorized(H.coffee, componentToken: component).access
            func call(_ path: String, _ token: String, _ body: [String: Any]) async throws -> TestHTTP.Reply {
                try await h.api(path, token: token, tokenName: "access_token", body)
            }
            let set = "/cgi-bin/component/set_authorizer_option", get = "/cgi-bin/component/get_authorizer_option"
            #expect(try await call(set, access, ["option_name": "voice_recognize", "option_value": "1"]).errcode == 0)
            #expect(try await call(get, access, ["option_name": "voice_recognize"]).string("option_value") == "1")
            #expect(try await call(get, access, ["option_name": "nope"]).errcode == 61012)
            #expect(try await call(set, access, ["option_name": "voice_recognize", "option_value": "2"]).errcode == 61013)
            #expect(try await call(get, component, ["option_name": "voice_recognize"]).errcode == 40001)
        }
    }
}
