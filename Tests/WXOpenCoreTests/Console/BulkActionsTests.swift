import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16: bulk "refresh tokens" and "re-fetch info" over the accounts list's selection.
@Suite struct BulkActionsTests {
    typealias Harness = ConsoleHarness
    static let coffee = PlatformHarness.officialAccount  // 星河咖啡
    static let markup = PlatformHarness.markupAccount  // <b>&"'测试号
    static let fruit = "wx9b3d5f7a2c4e6b18"  // 鲜果到家, a mini program

    /// Three accounts authorized through WeChat, and one revoked, which no bulk action touches.
    static func start(settings: ConsoleSettings = ConsoleSettings()) async throws -> Harness {
        let harness = try await Harness.start(settings: settings)
        try await harness.authorize([coffee, markup, fruit])
        try await harness.seedAccount("wxrevoked0001", name: "已取消", status: .revoked)
        return harness
    }

    @Test func confirmation_CountsTheAuthorizedAccountsOfTheSelection_AndPostsItWithTheCSRFToken() async throws {
        let harness = try await Self.start()
        let browser = try await harness.signedInBrowser()
        let page = try await browser.get("/admin/bulk?type=official_account&q=%3Cb%3E&action=refresh-tokens")
        #expect(page.status == 200)
        #expect(page.text.contains("<strong id=\"bulk-count\">1</strong>"))
        #expect(page.text.contains("<strong id=\"bulk-selection\">搜索“&lt;b&gt;” · 类型：公众号</strong>"))
        #expect(page.text.contains("<form method=\"post\" action=\"/admin/bulk\" id=\"bulk-form\"><input type=\"hidden\" name=\"csrf\" value=\""))
        #expect(page.text.contains("<input type=\"hidden\" name=\"action\" value=\"refresh-tokens\"><input type=\"hidden\" name=\"q\" value=\"&lt;b&gt;\">"
            + "<input type=\"hidden\" name=\"type\" value=\"official_account\">"))
        #expect(page.text.contains("<button type=\"submit\" id=\"start-bulk\">批量刷新令牌 (1)</button>"))
        #expect(!page.text.contains("<b>"))
        let all = try await browser.get("/admin/bulk?action=refresh-info")
        #expect(all.text.contains("<strong id=\"bulk-count\">3</strong>"))
        #expect(all.text.contains("<strong id=\"bulk-selection\">全部帐号</strong>"))
        let revoked = try await browser.get("/admin/bulk?status=revoked&action=refresh-info")
        #expect(revoked.text.contains("id=\"bulk-empty\""))
        #expect(!revoked.text.contains("id=\"start-bulk\""))
        #expect(try await browser.get("/admin/bulk?action=delete-everything").status == 400)
        await harness.stop()
    }

    @Test func start_WithoutTheCSRFToken_OrFromAnotherSite_IsRefused_AndNothingRuns() async throws {
        let harness = try await Self.start()
        let browser = try await harness.signedInBrowser()
        let noToken = try await browser.post("/admin/bulk", form: [("action", "refresh-tokens")])
        #expect(noToken.status == 403)
        let csrf = try await browser.csrfToken()
        let crossSite = try await browser.post("/admin/bulk", form: [("csrf", csrf), ("action", "refresh-tokens")],
                                               headers: ["Origin": "https://evil.example"])
        #expect(crossSite.status == 403)
        #expect(try await browser.get("/admin/bulk/1").status == 404)
        #expect(await harness.routes.bulk.recent().isEmpty)
        #expect(try await harness.signedInBrowser().get("/admin/bulk").status == 400)
        await harness.stop()
    }

    @Test func refreshTokens_RefreshesEverySelectedAccount_AndShowsTheResult() async throws {
        let harness = try await Self.start()
        let before = try await [Self.coffee, Self.markup, Self.fruit].asyncMap { try await harness.store.authorizer(appID: $0)?.accessToken }
        let browser = try await harness.signedInBrowser()
        harness.clock.advance(by: 60)
        let start = try await browser.post("/admin/bulk", form: [("csrf", try await browser.csrfToken()), ("action", "refresh-tokens"),
                                                                 ("type", "official_account")])
        #expect(start.status == 303)
        #expect(start.location == "/admin/bulk/1")
        await harness.routes.bulk.wait()
        let after = try await [Self.coffee, Self.markup, Self.fruit].asyncMap { try await harness.store.authorizer(appID: $0)?.accessToken }
        #expect(after[0] != before[0] && after[0] == harness.simulator.latestAuthorizerToken(of: Self.coffee))
        #expect(after[1] != before[1])
        #expect(after[2] == before[2])  // a mini program: not selected

        let page = try await browser.get("/admin/bulk/1")
        #expect(page.text.contains("id=\"bulk\" data-state=\"done\""))
        #expect(page.text.contains("<strong id=\"bulk-state\">已完成</strong>"))
        #expect(page.text.contains("<progress id=\"bulk-progress\" max=\"2\" value=\"2\"></progress>"))
        #expect(page.text.contains("<b id=\"bulk-done\">2</b>") && page.text.contains("<b id=\"bulk-failed\">0</b>") && page.text.contains("<b id=\"bulk-total\">2</b>"))
        #expect(!page.text.contains("http-equiv=\"refresh\""))
        #expect(!page.text.contains("id=\"bulk-failures\""))
        let audit = try await harness.store.recentEvents(EventQuery(kindPrefix: "console.bulk"))
        #expect(audit.map(\.kind) == ["console.bulk_finished", "console.bulk_started"])
        #expect(audit.last?.detail == "by operator: refresh-tokens, 2 accounts, type=official_account")
        #expect(audit.first?.detail == "refresh-tokens done: 2 done, 0 failed of 2")
        #expect(audit.first?.outcome == "ok")
        for token in (before + after).compactMap({ $0 }) {
            #expect(!harness.logs.contains(token), "a token is in the log")
            #expect(!page.text.contains(token))
        }
        #expect(harness.logs.contains("event=bulk_action_finished run=1 action=refresh-tokens state=done done=2 failed=0 total=2"))
        await harness.stop()
    }

    @Test func refetchInfo_FetchesEachAccountsDetails_AndListsTheFailures() async throws {
        let harness = try await Self.start()
        let calls = harness.simulator.counters()["api_get_authorizer_info"] ?? 0
        harness.simulator.injectFault(.errcode(61003), endpoint: "api_get_authorizer_info", count: 1)
        let browser = try await harness.signedInBrowser()
        let start = try await browser.post("/admin/bulk", form: [("csrf", try await browser.csrfToken()), ("action", "refresh-info")])
        #expect(start.status == 303)
        await harness.routes.bulk.wait()
        #expect(harness.simulator.counters()["api_get_authorizer_info"] == calls + 3)
        let run = try #require(await harness.routes.bulk.run(id: 1))
        #expect(run.state == .done && run.total == 3 && run.done == 2 && run.failed == 1)
        let page = try await browser.get("/admin/bulk/1")
        #expect(page.text.contains("<b id=\"bulk-done\">2</b>") && page.text.contains("<b id=\"bulk-failed\">1</b>") && page.text.contains("<b id=\"bulk-total\">3</b>"))
        let failure = try #require(run.failures.first)
        #expect(page.text.contains("<tr><td><a href=\"/admin/authorizers/\(failure.appID)\">\(failure.appID)</a></td><td class=\"detail\">\(HTML.escape(failure.zh))</td></tr>"))
        #expect(failure.zh.contains("61003"))
        let finished = try #require(try await harness.store.recentEvents(EventQuery(kindPrefix: "console.bulk_finished")).first)
        #expect(finished.outcome == "failed")
        #expect(finished.detail == "refresh-info done: 2 done, 1 failed of 3")
        await harness.stop()
    }

    @Test func aRunInProgress_ShowsItsProgress_RefusesASecondRun_AndStopsWhenAsked() async throws {
        var settings = ConsoleSettings()
        settings.bulkConcurrency = 1
        let harness = try await Self.start(settings: settings)
        let browser = try await harness.signedInBrowser()
        // A slow WeChat (a second a call) keeps the run going until it is stopped.
        harness.simulator.setLatency(1)
        let csrf = try await browser.csrfToken()
        _ = try await browser.post("/admin/bulk", form: [("csrf", csrf), ("action", "refresh-tokens")])
        let running = try await browser.get("/admin/bulk/1")
        #expect(running.text.contains("data-state=\"running\""))
        #expect(running.text.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
        #expect(running.text.contains("<progress id=\"bulk-progress\" max=\"3\""))
        #expect(running.text.contains("id=\"cancel-bulk\""))
        let second = try await browser.post("/admin/bulk", form: [("csrf", csrf), ("action", "refresh-info")])
        #expect(second.location == "/admin/bulk/1")
        #expect(try await browser.get("/admin/bulk/1").text.contains("已有批量操作在进行，请等它结束。"))
        #expect(try await browser.get("/admin/bulk?action=refresh-info").text.contains("id=\"bulk-busy\""))
        let stop = try await browser.post("/admin/bulk/1/cancel", form: [("csrf", csrf)])
        #expect(stop.status == 303 && stop.location == "/admin/bulk/1")
        await harness.routes.bulk.wait()
        harness.simulator.setLatency(0)
        #expect(await harness.routes.bulk.recent().map(\.id) == [1])
        let run = try #require(await harness.routes.bulk.run(id: 1))
        #expect(run.state == .cancelled)
        #expect(run.finished < 3)
        let stopped = try await browser.get("/admin/bulk/1")
        #expect(stopped.text.contains("<strong id=\"bulk-state\">已停止</strong>"))
        #expect(!stopped.text.contains("http-equiv=\"refresh\"") && !stopped.text.contains("id=\"cancel-bulk\""))
        #expect(try await browser.post("/admin/bulk/9/cancel", form: [("csrf", csrf)]).status == 404)
        await harness.stop()
    }

    @Test func concurrency_IsBounded_ByTheSetting() async throws {
        var settings = ConsoleSettings()
        settings.bulkConcurrency = 2
        let harness = try await Harness.start(settings: settings)
        try await harness.platform.pushTicket()
        _ = harness.simulator.bulkCreateAccounts(count: 8, authorize: true)
        await harness.platform.app.sync.start()
        #expect(await harness.platform.app.sync.wait().added == 8)
        let browser = try await harness.signedInBrowser()
        harness.simulator.setLatency(0.05)
        _ = try await browser.post("/admin/bulk", form: [("csrf", try await browser.csrfToken()), ("action", "refresh-tokens")])
        await harness.routes.bulk.wait()
        harness.simulator.setLatency(0)
        #expect(await harness.routes.bulk.run(id: 1)?.done == 8)
        #expect(await harness.platform.app.tokens.peakConcurrency() <= 2)
        await harness.stop()
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
