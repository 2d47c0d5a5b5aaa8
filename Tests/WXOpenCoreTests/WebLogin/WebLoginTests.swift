import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Web login for the company's apps, end to end against the simulator (in-process; `.live` over
/// real sockets):
/// start → WeChat's authorize page → callback → return_to with a ticket → redeem.
@Suite struct WebLoginTests {
    typealias Harness = PlatformHarness

    // MARK: The flows

    @Test func base_EndToEnd_ReturnsToTheAppWithATicket_ThatRedeemsToTheOpenID() async throws {
        let harness = try await Self.started(mode: .live)
        let (callback, _, _) = try await login(harness)
        #expect(callback.status == 302)
        let location = try #require(callback.headers["location"])
        let ticket = try ticket(in: location)
        #expect(location == "https://app.example.com/welcome?from=menu&wxopen_ticket=\(ticket)#top")
        #expect(ticket.count == 43)
        #expect(callback.headers["referrer-policy"] == "no-referrer")
        #expect(callback.headers["cache-control"] == "no-store")

        let redeemed = try await redeem(harness, ticket)
        #expect(redeemed.status == 200)
        #expect(Set(redeemed.json.keys) == ["authorizer_appid", "openid", "scope"])
        #expect(redeemed.json["authorizer_appid"] as? String == Self.account)
        #expect(redeemed.json["openid"] as? String == SimulatedUser.demoSet[0].openID(for: Self.account))
        #expect(redeemed.json["scope"] as? String == "snsapi_base")
        #expect(harness.simulator.counters()["sns_oauth2_component_access_token"] == 1)
        #expect(harness.simulator.counters()["sns_userinfo"] == nil)
        // Successes are not recorded in the bounded event log.
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "weblogin.")).isEmpty)
        await harness.stop()
    }

    @Test func userInfo_EndToEnd_RedeemsTheProfileOfTheUserWhoAgreed() async throws {
        let harness = try await Self.started()
        let started = try await start(harness, scope: "snsapi_userinfo")
        let consent = try await harness.get(started.wechatURL)
        #expect(consent.status == 200)
        #expect(consent.text.contains("李娜"))
        let form = ["appid": Self.account, "redirect_uri": try #require(started.value("redirect_uri")), "scope": "snsapi_userinfo",
                    "state": try #require(started.value("state")), "user": "lina"]
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        let agreed = try await harness.post(harness.wechatURL + "/simulator/oauth2/confirm", body: form)
        #expect(agreed.status == 302)
        let callback = try await harness.get(try #require(agreed.headers["location"]), headers: ["Cookie": started.cookie])
        #expect(callback.status == 302)

        let redeemed = try await redeem(harness, try ticket(in: callback.headers["location"]))
        #expect(redeemed.status == 200)
        let lina = SimulatedUser.demoSet[1]
        #expect(redeemed.json["openid"] as? String == lina.openID(for: Self.account))
        #expect(redeemed.json["unionid"] as? String == lina.unionID)
        #expect(redeemed.json["scope"] as? String == "snsapi_userinfo")
        let user = try #require(redeemed.json["user"] as? [String: Any])
        #expect(Set(user.keys) == ["nickname", "sex", "province", "city", "country", "headimgurl", "privilege", "unionid"])
        #expect(user["nickname"] as? String == "李娜")
        #expect(user["sex"] as? Int == 2)
        #expect(user["province"] as? String == "浙江")
        #expect(user["city"] as? String == "杭州")
        #expect(user["country"] as? String == "中国")
        #expect(user["headimgurl"] as? String == lina.headImageURL)
        #expect((user["privilege"] as? [String]) == [])
        #expect(user["unionid"] as? String == lina.unionID)
        #expect(harness.simulator.counters()["sns_userinfo"] == 1)
        await harness.stop()
    }

    @Test func authorizeURL_HasWeChatsParameterOrder_OurCallback_AndAnAlphanumericState() async throws {
        let harness = try await Self.started()
        let started = try await start(harness)
        #expect(started.wechatURL.hasPrefix(Harness.placeholder + "/connect/oauth2/authorize?appid=\(Self.account)&redirect_uri="))
        #expect(started.wechatURL.hasSuffix("#wechat_redirect"))
        #expect(started.query.map(\.name) == ["appid", "redirect_uri", "response_type", "scope", "state", "component_appid"])
        #expect(started.value("redirect_uri") == "http://127.0.0.1/weblogin/\(Self.account)/callback")
        #expect(started.value("response_type") == "code")
        #expect(started.value("scope") == "snsapi_base")
        #expect(started.value("component_appid") == SimulatorConfiguration.Demo.componentAppID)
        let state = try #require(started.value("state"))
        #expect(state.count == 32 && state.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(started.cookie.hasPrefix("wxopen_weblogin="))
        await harness.stop()
    }

    // MARK: Tickets

    @Test func ticket_WorksOnce() async throws {
        let harness = try await Self.started()
        let ticket = try ticket(in: try await login(harness).response.headers["location"])
        #expect(try await redeem(harness, ticket).status == 200)
        let again = try await redeem(harness, ticket)
        #expect(again.status == 410)
        #expect(errorCode(again.json) == "ticket_used")
        let unknown = try await redeem(harness, WebLoginSecrets.ticket())
        #expect(unknown.status == 404)
        #expect(errorCode(unknown.json) == "ticket_not_found")
        await harness.stop()
    }

    @Test func ticket_Expires_AfterFiveMinutes() async throws {
        let harness = try await Self.started()
        let early = try ticket(in: try await login(harness).response.headers["location"])
        harness.clock.advance(by: 299)
        #expect(try await redeem(harness, early).status == 200)
        let late = try ticket(in: try await login(harness).response.headers["location"])
        harness.clock.advance(by: 300)
        let expired = try await redeem(harness, late)
        #expect(expired.status == 410)
        #expect(errorCode(expired.json) == "ticket_expired")
        await harness.stop()
    }

    @Test(arguments: [nil, "wxk_not-the-key"])
    func redeem_WithoutTheAPIKey_Is401_AndLeavesTheTicketUsable(key: String?) async throws {
        let harness = try await Self.started()
        let ticket = try ticket(in: try await login(harness).response.headers["location"])
        var headers = ["Content-Type": "application/json"]
        if let key { headers["Authorization"] = "Bearer " + key }
        let refused = try await harness.browser.send(WeChatHTTPRequest(
            method: "POST", url: URL(string: harness.platformURL + "/api/v1/web-login/redeem")!, headers: headers,
            body: Data("{\"ticket\": \"\(ticket)\"}".utf8), timeout: 10))
        #expect(refused.status == 401)
        let json = try #require(try JSONSerialization.jsonObject(with: refused.body) as? [String: Any])
        #expect(errorCode(json) == "unauthorized")
        #expect(try await redeem(harness, ticket).status == 200)
        await harness.stop()
    }

    @Test func redeem_WithoutATicket_Is400() async throws {
        let harness = try await Self.started()
        let response = try await harness.api("POST", "/api/v1/web-login/redeem", body: "{\"tiket\": \"x\"}")
        #expect(response.status == 400)
        #expect(errorCode(response.json) == "bad_request")
        await harness.stop()
    }

    // MARK: The state

    @Test(arguments: ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "forged", ""])
    func callback_WithAForgedState_IsRefused_WithoutCallingWeChat(state: String) async throws {
        let harness = try await Self.started()
        let page = try await harness.get(harness.platformURL + "/weblogin/\(Self.account)/callback?code=abc&state=\(state)")
        #expect(page.status == 400)
        #expect(page.text.contains("登录链接无效"))
        #expect(page.headers["location"] == nil)
        #expect(harness.simulator.counters()["sns_oauth2_component_access_token"] == nil)
        await harness.stop()
    }

    @Test func callback_AfterTenMinutes_SaysTheLinkExpired() async throws {
        let harness = try await Self.started()
        let started = try await start(harness)
        harness.clock.advance(by: 600)
        let callback = try await callbackURL(harness, started)
        let page = try await harness.get(callback, headers: ["Cookie": started.cookie])
        #expect(page.status == 400)
        #expect(page.text.contains("登录链接已过期"))
        #expect(harness.simulator.counters()["sns_oauth2_component_access_token"] == nil)
        await harness.stop()
    }

    @Test func callback_Reused_SaysTheLinkWasUsed_AndExchangesNothingMore() async throws {
        let harness = try await Self.started()
        let (first, callback, started) = try await login(harness)
        #expect(first.status == 302)
        let again = try await harness.get(callback, headers: ["Cookie": started.cookie])
        #expect(again.status == 400)
        #expect(again.text.contains("登录链接已被使用"))
        #expect(again.headers["location"] == nil)
        #expect(harness.simulator.counters()["sns_oauth2_component_access_token"] == 1)
        await harness.stop()
    }

    @Test func callback_ForAnotherAccount_IsRefused_AndUsesUpTheState() async throws {
        let harness = try await Self.started()
        let started = try await start(harness)
        let callback = try await callbackURL(harness, started)
        let other = callback.replacingOccurrences(of: "/weblogin/\(Self.account)/", with: "/weblogin/wx2e7a5c3b9d1f4e86/")
        let page = try await harness.get(other, headers: ["Cookie": started.cookie])
        #expect(page.status == 400)
        #expect(page.text.contains("登录链接无效"))
        let original = try await harness.get(callback, headers: ["Cookie": started.cookie])
        #expect(original.status == 400)
        #expect(original.text.contains("登录链接已被使用"))
        #expect(harness.simulator.counters()["sns_oauth2_component_access_token"] == nil)
        await harness.stop()
    }

    /// Someone who sends a victim the callback link of their own login must not log the victim
    /// into the app as themselves.
    @Test(arguments: [nil, "wxopen_weblogin=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    func callback_InAnotherBrowser_IsRefused(cookie: String?) async throws {
        let harness = try await Self.started()
        let started = try await start(harness)
        let callback = try await callbackURL(harness, started)
        let page = try await harness.get(callback, headers: cookie.map { ["Cookie": $0] } ?? [:])
        #expect(page.status == 400)
        #expect(page.text.contains("请在同一个窗口中完成登录"))
        #expect(harness.simulator.counters()["sns_oauth2_component_access_token"] == nil)
        await harness.stop()
    }

    // MARK: The code

    @Test func callback_WithAUsedCode_SaysSo_OffersToStartAgain_AndRecordsTheFailure() async throws {
        let harness = try await Self.started()
        let started = try await start(harness)
        let callback = try await callbackURL(harness, started)
        let code = try #require(query(callback).first { $0.name == "code" }?.value)
        let platform = harness.app.platform
        let componentToken = try await platform.componentTokens.token()
        _ = try await platform.client.oauthAccessToken(appID: Self.account, code: code, componentToken: componentToken.token)
        let page = try await harness.get(callback, headers: ["Cookie": started.cookie])
        #expect(page.status == 400)
        #expect(page.text.contains("登录凭证已被使用"))
        #expect(page.text.contains("href=\"/weblogin/\(Self.account)/start?scope=snsapi_base&amp;return_to=https%3A%2F%2Fapp.example.com"))
        #expect(page.headers["location"] == nil)
        let events = try await harness.store.recentEvents(EventQuery(appID: Self.account, kindPrefix: "weblogin."))
        #expect(events.map(\.kind) == ["weblogin.failed"])
        #expect(events.first?.detail == "code_used: WeChat refused the code: errcode 40163")
        await harness.stop()
    }

    /// Anyone can make a login fail: the bounded event log gets one entry a minute at most.
    @Test func failures_ReachTheEventLog_AtMostOnceAMinute_ThenAsASummary() async throws {
        let harness = try await Self.started()
        let forged = harness.platformURL + "/weblogin/\(Self.account)/callback?code=abc&state=" + String(repeating: "A", count: 32)
        for _ in 0..<3 { #expect(try await harness.get(forged).status == 400) }
        let first = try await harness.store.recentEvents(EventQuery(kindPrefix: "weblogin."))
        #expect(first.map(\.detail) == ["state_unknown: state unknown"])
        #expect(first.first?.appID == Self.account)
        harness.clock.advance(by: 60)
        #expect(try await harness.get(forged).status == 400)
        let later = try await harness.store.recentEvents(EventQuery(kindPrefix: "weblogin."))
        #expect(later.map(\.detail) == ["3 web logins failed: state_unknown ×3", "state_unknown: state unknown"])
        #expect(harness.logs.lines.filter { $0.contains("event=weblogin_callback") && $0.contains("reason=state_unknown") }.count == 4)
        await harness.stop()
    }

    // MARK: Refusals at the start

    @Test func start_RefusesReturnURLsOutsideTheConfiguredPrefixes() async throws {
        let harness = try await Self.started()
        let refused = [
            "javascript:alert(document.cookie)", "https://evil.example/", "https://app.example.com@evil.example/",
            "https://app.example.com.evil.example/", "https://app.example.com\\@evil.example/", "https:/\\evil.example/",
            "//evil.example/", "http://app.example.com/", "https://app.example.com:8443/", "https://evil.example/https://app.example.com/",
            "https://app.example.com/%2e%2e/x", "https://app.example.com/?wxopen_ticket=chosen", "data:text/html;base64,PGI+",
            "https://app.example.com/\r\nSet-Cookie: x=1",
        ]
        for returnTo in refused {
            let page = try await harness.get(startURL(harness, returnTo: returnTo))
            #expect(page.status == 400, "\(returnTo)")
            #expect(page.headers["location"] == nil, "\(returnTo)")
            #expect(page.text.contains("登录后要返回的地址不在平台允许的范围内"), "\(returnTo)")
        }
        let missing = try await harness.get(harness.platformURL + "/weblogin/\(Self.account)/start?scope=snsapi_base")
        #expect(missing.status == 400)
        let scope = try await harness.get(startURL(harness, scope: "snsapi_login"))
        #expect(scope.status == 400)
        #expect(scope.text.contains("snsapi_userinfo"))
        #expect(harness.simulator.counters()["oauth2_authorize"] == nil)
        await harness.stop()
    }

    @Test func start_ForAnAccountWithoutWebAuthorization_SaysSo() async throws {
        let harness = try await Self.started(funcIDs: [1, 2])
        let page = try await harness.get(startURL(harness))
        #expect(page.status == 403)
        #expect(page.text.contains("网页服务"))
        #expect(page.headers["location"] == nil)
        await harness.stop()
    }

    @Test func start_ForAnAccountThatNeverAuthorized_Is404_AndARevokedOne403() async throws {
        let harness = try await Self.started(funcIDs: nil)
        let unknown = try await harness.get(startURL(harness))
        #expect(unknown.status == 404)
        #expect(unknown.text.contains("该公众号未授权此平台"))
        _ = try await harness.simulator.authorize(appID: Self.account, funcIDs: [1, 4], sendPush: true)
        _ = try await harness.simulator.revoke(appID: Self.account)
        let revoked = try await harness.get(startURL(harness))
        #expect(revoked.status == 403)
        #expect(revoked.text.contains("该公众号未授权此平台"))
        await harness.stop()
    }

    @Test func webLogin_WithoutConfiguration_IsOff_AndSaysHowToTurnItOn() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: Self.account, funcIDs: [1, 4], sendPush: true)
        let start = try await harness.get(startURL(harness))
        #expect(start.status == 404)
        #expect(start.text.contains("webLogin.returnURLPrefixes"))
        #expect(start.headers["location"] == nil)
        let callback = try await harness.get(harness.platformURL + "/weblogin/\(Self.account)/callback?code=x&state=y")
        #expect(callback.status == 404)
        #expect(callback.text.contains("webLogin.returnURLPrefixes"))
        let redeemed = try await redeem(harness, WebLoginSecrets.ticket())
        #expect(redeemed.status == 404)
        #expect(errorCode(redeemed.json) == "web_login_disabled")
        await harness.stop()
    }

    // MARK: Logs

    @Test func logs_HoldOneLinePerStep_AndNoCodeStateTicketCookieOrOpenID() async throws {
        let harness = try await Self.started()
        let (callback, callbackURL, started) = try await login(harness)
        let ticket = try ticket(in: callback.headers["location"])
        #expect(try await redeem(harness, ticket).status == 200)
        _ = try await redeem(harness, ticket)
        await harness.stop()

        let code = try #require(query(callbackURL).first { $0.name == "code" }?.value)
        let state = try #require(started.value("state"))
        let browserID = String(started.cookie.dropFirst("wxopen_weblogin=".count))
        let openID = SimulatedUser.demoSet[0].openID(for: Self.account)
        for secret in [code, state, ticket, browserID, openID] {
            #expect(!harness.logs.contains(secret), "a secret reached the log: \(secret.prefix(6))…")
        }
        let steps = harness.logs.lines.filter { $0.contains("event=weblogin_") }
        #expect(steps.count == 4)
        #expect(steps[0].contains("event=weblogin_start") && steps[0].contains("outcome=sent_to_wechat")
                && steps[0].contains("appid=\(Self.account)") && steps[0].contains("scope=snsapi_base") && steps[0].contains("request_id="))
        #expect(steps[1].contains("event=weblogin_callback") && steps[1].contains("outcome=ticket_issued"))
        #expect(steps[2].contains("event=weblogin_redeem") && steps[2].contains("outcome=redeemed"))
        #expect(steps[3].contains("event=weblogin_redeem") && steps[3].contains("outcome=refused") && steps[3].contains("reason=ticket_used"))
    }
}
