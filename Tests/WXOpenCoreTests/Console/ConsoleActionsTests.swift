import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 6, actions: refresh a token now, fetch an account's details again, run a sync.
@Suite struct ConsoleActionsTests {
    typealias Harness = ConsoleHarness
    static let coffee = PlatformHarness.officialAccount

    @Test func refreshTokenNow_GetsANewToken_ShowsTheOutcomeOnce_AndRecordsWhoDidIt() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee])
        let before = try #require(try await harness.store.authorizer(appID: Self.coffee)?.accessToken)
        let browser = try await harness.signedInBrowser()
        harness.clock.advance(by: 60)
        let reply = try await browser.post("/admin/authorizers/\(Self.coffee)/refresh-token", form: [("csrf", try await browser.csrfToken())])
        #expect(reply.status == 303)
        #expect(reply.location == "/admin/authorizers/\(Self.coffee)")
        let record = try #require(try await harness.store.authorizer(appID: Self.coffee))
        let after = try #require(record.accessToken)
        #expect(after != before)
        #expect(after == harness.simulator.latestAuthorizerToken(of: Self.coffee))
        let page = try await browser.get("/admin/authorizers/\(Self.coffee)")
        #expect(page.text.contains("<div class=\"card ok\" id=\"flash\" role=\"status\">access_token 已刷新，有效期至 \(ConsoleFormat.time(record.accessTokenExpiresAt))。</div>"))
        #expect(page.text.contains("<code id=\"access-token\">\(after.prefix(6))…</code>"))
        #expect(!page.text.contains(after))
        #expect(!(try await browser.get("/admin/authorizers/\(Self.coffee)").text.contains("id=\"flash\"")))
        let audit = try await harness.store.recentEvents(EventQuery(appID: Self.coffee, kindPrefix: "console."))
        #expect(audit.map(\.kind) == ["console.token_refresh"])
        #expect(audit.first?.outcome == "ok")
        #expect(audit.first?.detail == "by operator")
        await harness.stop()
    }

    @Test func refreshTokenNow_WhenWeChatRefuses_ShowsWhy_AndRecordsTheFailure() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee])
        let browser = try await harness.signedInBrowser()
        harness.simulator.injectFault(.errcode(45009), endpoint: "api_authorizer_token", count: 10)
        let reply = try await browser.post("/admin/authorizers/\(Self.coffee)/refresh-token", form: [("csrf", try await browser.csrfToken())])
        #expect(reply.status == 303)
        let page = try await browser.get(try #require(reply.location))
        #expect(page.text.contains("<div class=\"card error\" id=\"flash\" role=\"status\">操作失败："))
        #expect(page.text.contains("45009"))
        let audit = try #require(try await harness.store.recentEvents(EventQuery(appID: Self.coffee, kindPrefix: "console.")).first)
        #expect(audit.kind == "console.token_refresh")
        #expect(audit.outcome == "failed")
        #expect(audit.detail.hasPrefix("by operator: "))
        #expect(harness.logs.contains("event=console_action_failed action=console.token_refresh authorizer_appid=\(Self.coffee)"))
        await harness.stop()
    }

    @Test func refetchInfo_StoresTheDetailsAgain() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee])
        let before = try #require(try await harness.store.authorizer(appID: Self.coffee)?.info?.fetchedAt)
        let calls = harness.simulator.counters()["api_get_authorizer_info"] ?? 0
        let browser = try await harness.signedInBrowser()
        harness.clock.advance(by: 600)
        let reply = try await browser.post("/admin/authorizers/\(Self.coffee)/refresh-info", form: [("csrf", try await browser.csrfToken())])
        #expect(reply.status == 303)
        #expect(harness.simulator.counters()["api_get_authorizer_info"] == calls + 1)
        let after = try #require(try await harness.store.authorizer(appID: Self.coffee)?.info?.fetchedAt)
        #expect(after == before + 600)
        let page = try await browser.get("/admin/authorizers/\(Self.coffee)")
        #expect(page.text.contains("<div class=\"card ok\" id=\"flash\" role=\"status\">资料已更新：星河咖啡</div>"))
        #expect(try await harness.store.recentEvents(EventQuery(appID: Self.coffee, kindPrefix: "console.")).map(\.kind) == ["console.info_refresh"])
        await harness.stop()
    }

    @Test func actionOnAnUnknownAccount_Is404() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let reply = try await browser.post("/admin/authorizers/wxunknown0001/refresh-token", form: [("csrf", try await browser.csrfToken())])
        #expect(reply.status == 404)
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "console.")).isEmpty)
        await harness.stop()
    }

    @Test func sync_RunsFromThePage_ShowsProgressWhileRunning_AndASummaryAfter() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee])
        _ = harness.simulator.bulkCreateAccounts(count: 3, authorize: true)
        let browser = try await harness.signedInBrowser()
        let idle = try await browser.get("/admin/sync")
        #expect(idle.text.contains("<strong id=\"sync-state\">未运行</strong>"))
        #expect(idle.text.contains("<div id=\"sync-start\">"))
        #expect(idle.text.contains("<script src=\"/assets/console.js\" defer></script>"))
        // A slow WeChat keeps the run going while the page is read.
        harness.simulator.setLatency(0.3)
        let start = try await browser.post("/admin/sync", form: [("csrf", try await browser.csrfToken())])
        #expect(start.status == 303)
        #expect(start.location == "/admin/sync")
        let running = try await browser.get("/admin/sync")
        #expect(running.text.contains("data-state=\"running\""))
        #expect(running.text.contains("<div id=\"sync-start\" hidden>"))
        #expect(running.text.contains("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"))
        #expect(running.text.contains("<progress id=\"sync-progress\""))
        let status = await harness.platform.app.sync.wait()
        harness.simulator.setLatency(0)
        #expect(status.state == .done)
        let json = try await browser.get("/admin/sync/status")
        #expect(json.status == 200)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
        #expect(body["state"] as? String == "done")
        #expect(body["done"] as? Int == 4 && body["total"] as? Int == 4 && body["added"] as? Int == 3)
        let done = try await browser.get("/admin/sync")
        #expect(done.text.contains("<progress id=\"sync-progress\" max=\"4\" value=\"4\"></progress>"))
        #expect(done.text.contains("<b id=\"sync-added\">3</b>"))
        #expect(!done.text.contains("http-equiv=\"refresh\""))
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "console.")).map(\.kind) == ["console.sync_started"])
        await harness.stop()
    }
}
