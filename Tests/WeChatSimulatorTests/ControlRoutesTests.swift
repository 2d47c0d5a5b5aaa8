import Foundation
import Testing
@testable import WeChatSimulator

/// The `/simulator/…` control API: counters, injected failures, latency, clock, triggers.
@Suite struct ControlRoutesTests {
    typealias H = Harness

    func callbackIP(_ h: Harness) async throws -> TestHTTP.Reply {
        try await h.http.get("/cgi-bin/getcallbackip?access_token=61_ThisTokenWasNeverIssuedByWeChat")
    }

    @Test func counters_CountEachEndpoint_AndReset() async throws {
        try await withHarness { h in
            _ = try await h.componentToken()
            _ = try await h.componentToken()
            _ = try await callbackIP(h)
            let counters = try await h.http.get("/simulator/counters")
            #expect(counters.text == #"{"api_component_token":2,"getcallbackip":1}"#)
            _ = try await h.http.post("/simulator/counters/reset", json: "")
            #expect(h.simulator.counters() == [:])
        }
    }

    @Test func injectedErrcode_IsServed_ForTheNextNCalls() async throws {
        try await withHarness { h in
            let injected = try await h.http.post("/simulator/faults", json: #"{"endpoint":"api_component_token","count":2,"errcode":-1}"#)
            #expect(injected.text == #"{"errcode":0,"errmsg":"ok"}"#)
            let ticket = h.simulator.issueTicket()
            let body: [String: Any] = ["component_appid": H.componentAppID, "component_appsecret": H.appSecret,
                                       "component_verify_ticket": ticket]
            let first = try await h.api("/cgi-bin/component/api_component_token", body)
            let second = try await h.api("/cgi-bin/component/api_component_token", body)
            let third = try await h.api("/cgi-bin/component/api_component_token", body)
            #expect(first.text == #"{"errcode":-1,"errmsg":"system error"}"#)
            #expect(second.errcode == -1)
            #expect(third.string("component_access_token") != nil)
            #expect(h.simulator.counters()["api_component_token"] == 3)
        }
    }

    @Test func injectedFault_DoesNotChangeState() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (_, refresh) = try await h.authorized(H.coffee, componentToken: component)
            h.simulator.injectFault(.errcode(61004), endpoint: "api_authorizer_token")
            let failed = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            let retried = try await h.refresh(H.coffee, refreshToken: refresh, componentToken: component)
            #expect(failed.text == #"{"errcode":61004,"errmsg":"access clientip is not registered"}"#)
            #expect(retried.errcode == nil)
        }
    }

    @Test func injectedHTTPStatus_IsServed() async throws {
        try await withHarness { h in
            _ = try await h.http.post("/simulator/faults", json: #"{"endpoint":"getcallbackip","http_status":502}"#)
            let reply = try await callbackIP(h)
            #expect(reply.status == 502)
            #expect(reply.text == "simulated HTTP 502\n")
        }
    }

    @Test func injectedMalformedBody_IsNotJSON() async throws {
        try await withHarness { h in
            _ = try await h.http.post("/simulator/faults", json: #"{"endpoint":"getcallbackip","malformed":true}"#)
            let reply = try await callbackIP(h)
            #expect(reply.status == 200)
            #expect((try? JSONSerialization.jsonObject(with: reply.body)) == nil)
        }
    }

    @Test func injectedFault_ForAnyEndpoint_ComesAfterTheEndpointsOwn() async throws {
        try await withHarness { h in
            h.simulator.injectFault(.errcode(45009), endpoint: "*")
            h.simulator.injectFault(.errcode(-1), endpoint: "getcallbackip")
            let first = try await callbackIP(h)
            let second = try await callbackIP(h)
            let third = try await callbackIP(h)
            #expect([first.errcode, second.errcode, third.errcode] == [-1, 45009, 40001])
            #expect(h.simulator.pendingFaults == [:])
        }
    }

    @Test func injectedDelay_AnswersNormally_AfterTheDelay() async throws {
        try await withHarness { h in
            _ = try await h.http.post("/simulator/faults", json: #"{"endpoint":"getcallbackip","delay_ms":300}"#)
            let started = ContinuousClock.now
            let reply = try await callbackIP(h)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(reply.errcode == 40001)
        }
    }

    @Test func latency_DelaysEveryAPICall() async throws {
        try await withHarness { h in
            _ = try await h.http.post("/simulator/latency", json: #"{"ms":150}"#)
            let started = ContinuousClock.now
            _ = try await callbackIP(h)
            _ = try await callbackIP(h)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            _ = try await h.http.post("/simulator/latency", json: #"{"ms":0}"#)
        }
    }

    @Test func faults_AreRejected_WithoutAKind() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/simulator/faults", json: #"{"endpoint":"getcallbackip"}"#)
            #expect(reply.status == 400)
            #expect(reply.string("error") == "one of errcode, http_status, delay_ms or malformed:true is required")
        }
    }

    @Test func clockAdvance_ExpiresTokens() async throws {
        try await withHarness { h in
            let (access, _) = try await h.authorized(H.coffee, componentToken: try await h.componentToken())
            let advanced = try await h.http.post("/simulator/clock/advance", json: #"{"seconds":7200}"#)
            #expect(advanced.int("offset") == 7200)
            #expect(advanced.int("now") == Int(h.clock.now().timeIntervalSince1970) + 7200)
            let reply = try await h.checkToken(access)
            #expect(reply.errcode == 42001)
        }
    }

    @Test func authorizeTrigger_ReturnsTheCode_AndPushes() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/simulator/accounts/\(H.bookstore)/authorize", json: #"{"func_ids":[1,2,4]}"#)
            #expect(reply.status == 200)
            #expect(reply.string("info_type") == "authorized")
            #expect(reply.json["delivered"] as? Bool == true)
            guard case .authorized(let push) = h.receiver.received.last?.push else { Issue.record("no push"); return }
            #expect(push.authorizationCode == reply.string("authorization_code"))
            #expect(h.simulator.authorization(of: H.bookstore)?.funcIDs == [1, 2, 4])
        }
    }

    @Test func triggers_Are404_ForAnUnknownAccount_And409_WhenNotAuthorized() async throws {
        try await withHarness { h in
            let unknown = try await h.http.post("/simulator/accounts/wx0000000000000000/authorize", json: "")
            let notAuthorized = try await h.http.post("/simulator/accounts/\(H.bookstore)/revoke", json: "")
            #expect(unknown.status == 404)
            #expect(notAuthorized.status == 409)
            #expect(notAuthorized.string("error") == "account \(H.bookstore) has not authorized the platform")
        }
    }

    @Test func authorizeTrigger_Is409_BeforeFullRelease_ForAccountsOffTheTestList() async throws {
        try await withHarness { h in
            _ = try await h.http.post("/simulator/settings", json: #"{"full_release_done":false}"#)
            let refused = try await h.http.post("/simulator/accounts/\(H.bookstore)/authorize", json: "")
            let allowed = try await h.http.post("/simulator/accounts/\(H.coffee)/authorize", json: "")
            #expect(refused.status == 409)
            #expect(allowed.status == 200)
        }
    }

    @Test func bulkAccounts_OverHTTP_AreAuthorizedAndListed() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/simulator/accounts/bulk", json: #"{"count":10000,"authorize":true}"#)
            #expect(reply.text == #"{"created":10000,"first_appid":"wxsim00000001","last_appid":"wxsim00010000","authorized":true}"#)
            let list = try await h.api("/cgi-bin/component/api_get_authorizer_list", token: try await h.componentToken(),
                                       ["component_appid": H.componentAppID, "offset": 9990, "count": 500])
            #expect(list.int("total_count") == 10000)
            #expect((list.json["list"] as? [[String: Any]])?.map { $0["authorizer_appid"] as? String }.last == "wxsim00010000")
            #expect((list.json["list"] as? [Any])?.count == 10)
        }
    }

    @Test func ticketTrigger_PushesAndReportsTheTicket() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/simulator/tickets/push", json: "")
            #expect(reply.json["delivered"] as? Bool == true)
            #expect(reply.string("ticket") == h.receiver.latestTicket)
        }
    }

    @Test func recordings_AreReadable_OverHTTP() async throws {
        try await withHarness { h in
            _ = try await h.simulator.authorize(appID: H.coffee)
            let pushes = try await h.http.get("/simulator/pushes")
            let list = try #require((try? JSONSerialization.jsonObject(with: pushes.body)) as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list[0]["info_type"] as? String == "authorized")
            #expect(list[0]["http_status"] as? Int == 200)
            #expect(list[0]["response_body"] as? String == "success")
        }
    }

    @Test func console_ListsAccounts_AndRevokesWithAForm() async throws {
        try await withHarness { h in
            _ = try await h.simulator.authorize(appID: H.markupAccount)
            let page = try await h.http.get("/simulator")
            #expect(page.text.contains("&lt;b&gt;&amp;&quot;&#39;测试号"))
            #expect(page.text.contains(#"<form method="post" action="/simulator/console/revoke">"#))
            let revoked = try await h.http.postForm("/simulator/console/revoke", [("authorizer_appid", H.markupAccount)])
            #expect(revoked.text.contains("已推送 unauthorized"))
            #expect(h.simulator.authorization(of: H.markupAccount)?.isActive == false)
        }
    }
}
