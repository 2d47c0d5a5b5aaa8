import Foundation
import Testing
@testable import WeChatSimulator

/// The component endpoints over real sockets, each validation rule on its own.
@Suite struct ComponentAPIRoutesTests {
    typealias H = Harness

    func tokenRequest(_ h: Harness, appID: String = H.componentAppID, secret: String = H.appSecret,
                      ticket: String) async throws -> TestHTTP.Reply {
        try await h.api("/cgi-bin/component/api_component_token", [
            "component_appid": appID, "component_appsecret": secret, "component_verify_ticket": ticket,
        ])
    }

    @Test func componentToken_IsIssued_ForTheLatestTicket() async throws {
        try await withHarness { h in
            let reply = try await tokenRequest(h, ticket: h.simulator.issueTicket())
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json; encoding=utf-8")
            #expect(reply.errcode == nil)
            #expect(reply.int("expires_in") == 7200)
            #expect(reply.string("component_access_token") == h.simulator.latestComponentToken)
            #expect(Set(reply.json.keys) == ["component_access_token", "expires_in"])
        }
    }

    @Test func componentToken_Is40125_WhenAppSecretIsWrong() async throws {
        try await withHarness { h in
            let reply = try await tokenRequest(h, secret: "0000000000000000000000000000beef", ticket: h.simulator.issueTicket())
            #expect(reply.errcode == 40125)
            #expect(reply.string("errmsg") == "invalid appsecret")
        }
    }

    @Test func componentToken_Is61011_WhenComponentAppIDIsWrong() async throws {
        try await withHarness { h in
            let reply = try await tokenRequest(h, appID: "wx0000000000000000", ticket: h.simulator.issueTicket())
            #expect(reply.errcode == 61011)
        }
    }

    @Test func componentToken_Is61006_WhenTicketIsUnknown() async throws {
        try await withHarness { h in
            _ = h.simulator.issueTicket()
            let reply = try await tokenRequest(h, ticket: "ticket@@@madeUpByThePlatform")
            #expect(reply.errcode == 61006)
            #expect(reply.string("errmsg") == "component ticket is invalid")
        }
    }

    @Test func componentToken_Is61006_WhenTicketIsStale() async throws {
        try await withHarness { h in
            let ticket = h.simulator.issueTicket()
            h.clock.advance(by: 12 * 3600 + 1)
            let reply = try await tokenRequest(h, ticket: ticket)
            #expect(reply.errcode == 61006)
        }
    }

    @Test func componentToken_AcceptsAnEarlierTicket_Within12Hours() async throws {
        try await withHarness { h in
            let earlier = h.simulator.issueTicket()
            h.clock.advance(by: 600)
            _ = h.simulator.issueTicket()
            h.clock.advance(by: 11 * 3600)
            let reply = try await tokenRequest(h, ticket: earlier)
            #expect(reply.errcode == nil)
            #expect(reply.string("component_access_token") != nil)
        }
    }

    @Test func componentToken_Is47001_WhenBodyIsNotJSON() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/cgi-bin/component/api_component_token", json: "component_appid=wx")
            #expect(reply.status == 200)
            #expect(reply.errcode == 47001)
        }
    }

    @Test func startPushTicket_AnswersOk_AndPushesATicket() async throws {
        try await withHarness { h in
            let reply = try await h.api("/cgi-bin/component/api_start_push_ticket",
                                        ["component_appid": H.componentAppID, "component_secret": H.appSecret])
            #expect(reply.text == #"{"errcode":0,"errmsg":"ok"}"#)
            try await eventually { h.receiver.latestTicket != nil }
            #expect(h.receiver.latestTicket == h.simulator.latestTicket)
        }
    }

    @Test func startPushTicket_Is40125_WhenSecretIsWrong() async throws {
        try await withHarness { h in
            let reply = try await h.api("/cgi-bin/component/api_start_push_ticket",
                                        ["component_appid": H.componentAppID, "component_secret": "wrong"])
            #expect(reply.errcode == 40125)
            #expect(h.simulator.latestTicket == nil)
        }
    }

    @Test func preAuthCode_Is42001_WhenComponentTokenExpired() async throws {
        try await withHarness { h in
            let token = try await h.componentToken()
            h.clock.advance(by: 7200)
            let reply = try await h.api("/cgi-bin/component/api_create_preauthcode", token: token,
                                        ["component_appid": H.componentAppID])
            #expect(reply.errcode == 42001)
        }
    }

    @Test func preAuthCode_Is40001_WithAnAuthorizerToken() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (access, _) = try await h.authorized(H.coffee, componentToken: component)
            let reply = try await h.api("/cgi-bin/component/api_create_preauthcode", token: access, ["component_appid": H.componentAppID])
            #expect(reply.errcode == 40001)
        }
    }

    @Test func preAuthCode_HasExpiresIn600() async throws {
        try await withHarness { h in
            let reply = try await h.api("/cgi-bin/component/api_create_preauthcode", token: try await h.componentToken(),
                                        ["component_appid": H.componentAppID])
            #expect(reply.int("expires_in") == 600)
            #expect(reply.string("pre_auth_code")?.hasPrefix("preauthcode@@@") == true)
        }
    }

    @Test func queryAuth_ReturnsTokensAndFuncInfo() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let grant = try await h.simulator.authorize(appID: H.coffee, funcIDs: [1, 4, 17], sendPush: false)
            let reply = try await h.api("/cgi-bin/component/api_query_auth", token: component,
                                        ["component_appid": H.componentAppID, "authorization_code": grant.authorizationCode])
            let info = try #require(reply.json["authorization_info"] as? [String: Any])
            #expect(info["authorizer_appid"] as? String == H.coffee)
            #expect(info["authorizer_access_token"] as? String == h.simulator.latestAuthorizerToken(of: H.coffee))
            #expect(info["expires_in"] as? Int == 7200)
            #expect(info["authorizer_refresh_token"] as? String == h.simulator.authorization(of: H.coffee)?.refreshToken)
            let funcInfo = try #require(info["func_info"] as? [[String: Any]])
            #expect(funcInfo.compactMap { ($0["funcscope_category"] as? [String: Any])?["id"] as? Int } == [1, 4, 17])
        }
    }

    @Test func queryAuth_Is40163_WhenCodeIsReused() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let grant = try await h.simulator.authorize(appID: H.coffee, sendPush: false)
            let body: [String: Any] = ["component_appid": H.componentAppID, "authorization_code": grant.authorizationCode]
            let first = try await h.api("/cgi-bin/component/api_query_auth", token: component, body)
            let second = try await h.api("/cgi-bin/component/api_query_auth", token: component, body)
            #expect(first.errcode == nil)
            #expect(second.errcode == 40163)
            #expect(second.string("errmsg") == "code been used")
        }
    }

    @Test func queryAuth_Is61010_WhenCodeExpired() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let grant = try await h.simulator.authorize(appID: H.coffee, sendPush: false)
            h.clock.advance(by: 600)
            let reply = try await h.api("/cgi-bin/component/api_query_auth", token: component,
                                        ["component_appid": H.componentAppID, "authorization_code": grant.authorizationCode])
            #expect(reply.errcode == 61010)
            #expect(reply.string("errmsg") == "code is expired")
        }
    }

    @Test func queryAuth_Is61009_WhenCodeIsUnknown() async throws {
        try await withHarness { h in
            let reply = try await h.api("/cgi-bin/component/api_query_auth", token: try await h.componentToken(),
                                        ["component_appid": H.componentAppID, "authorization_code": "queryauthcode@@@nope"])
            #expect(reply.errcode == 61009)
        }
    }

    @Test func clearQuota_Is48006_AfterTheLimit() async throws {
        try await withHarness({ $0.clearQuotaLimit = 1 }) { h in
            let body: [String: Any] = ["component_appid": H.componentAppID, "appsecret": H.appSecret]
            let first = try await h.api("/cgi-bin/component/clear_quota/v2", body)
            let second = try await h.api("/cgi-bin/component/clear_quota/v2", body)
            #expect(first.text == #"{"errcode":0,"errmsg":"ok"}"#)
            #expect(second.errcode == 48006)
        }
    }
}

/// Polls `condition` (real time) until it holds, failing after `timeout` seconds.
func eventually(timeout: TimeInterval = 120, _ condition: @Sendable () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw HarnessError("condition not met within \(timeout) s") }
        try await Task.sleep(for: .milliseconds(10))
    }
}
