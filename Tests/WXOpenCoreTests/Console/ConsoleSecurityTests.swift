import Foundation
import Testing
import WeChat
@testable import WXOpenCore

/// Issue 6, defences: the headers of every page, no inline script or style, escaping of what
/// WeChat sends, images only over https, CSRF and origin checks on every action.
@Suite struct ConsoleSecurityTests {
    typealias Harness = ConsoleHarness
    static let scriptAccount = "wx4c8e1a6b3d9f2c57"  // principal name holds <script>alert(1)</script>

    static let pages = ["/admin", "/admin/authorizers", "/admin/authorizers?q=%3Cscript%3E", "/admin/authorizers/\(PlatformHarness.markupAccount)",
                        "/admin/authorizers/\(scriptAccount)", "/admin/sync", "/admin/events", "/admin/links",
                        "/admin/links?build=1&ref=%22%3E%3Cscript%3E", "/admin/authorizers/wxmissing0000"]

    @Test func everyPage_SendsTheSecurityHeaders_AndHasNoInlineScriptOrStyle() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([PlatformHarness.markupAccount, Self.scriptAccount])
        let browser = try await harness.signedInBrowser()
        let anonymous = ConsoleBrowser(router: harness.router)
        var replies = [("/admin/login", try await anonymous.get("/admin/login"))]
        for page in Self.pages { replies.append((page, try await browser.get(page))) }
        for (page, reply) in replies {
            #expect([200, 404].contains(reply.status), "\(page)")
            #expect(reply.headers["Content-Security-Policy"]?.hasPrefix("default-src 'none'; script-src 'self'; style-src 'self';") == true, "\(page)")
            #expect(reply.headers["X-Frame-Options"] == "DENY", "\(page)")
            #expect(reply.headers["X-Content-Type-Options"] == "nosniff", "\(page)")
            #expect(reply.headers["Referrer-Policy"] == "same-origin", "\(page)")
            #expect(reply.headers["Cache-Control"] == "no-store", "\(page)")
            let scripts = reply.text.components(separatedBy: "<script").dropFirst()
            #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"/assets/console.js\"") }, "inline script on \(page)")
            #expect(!reply.text.contains("style="), "style attribute on \(page)")
            #expect(!reply.text.contains("<style"), "style element on \(page)")
            #expect(reply.text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "event handler attribute on \(page)")
        }
        await harness.stop()
    }

    @Test func markupFromWeChat_IsEscaped_OnTheListTheAccountAndTheDashboard() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([PlatformHarness.markupAccount, Self.scriptAccount])
        let browser = try await harness.signedInBrowser()
        let pages = [try await browser.get("/admin/authorizers"), try await browser.get("/admin/authorizers/\(PlatformHarness.markupAccount)"),
                     try await browser.get("/admin/authorizers/\(Self.scriptAccount)"), try await browser.get("/admin")]
        for page in pages {
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(!page.text.contains(#"<b>&"'测试号"#))
        }
        #expect(pages[0].text.contains("示例&lt;script&gt;alert(1)&lt;/script&gt;科技有限公司"))
        #expect(pages[0].text.contains("&lt;b&gt;&amp;&quot;&#39;测试号"))
        #expect(pages[1].text.contains("<span id=\"account-name\">&lt;b&gt;&amp;&quot;&#39;测试号</span>"))
        #expect(pages[2].text.contains("<span id=\"principal\">示例&lt;script&gt;alert(1)&lt;/script&gt;科技有限公司</span>"))
        #expect(pages[2].text.contains("示例&lt;script&gt;alert(1)&lt;/script&gt;科技有限公司"))  // in the raw info, too
        #expect(pages[3].text.contains("details fetched: &lt;b&gt;&amp;&quot;&#39;测试号"))
        await harness.stop()
    }

    @Test(arguments: ["http://wx.qlogo.cn/a.png", "javascript:alert(1)", "https://x.example/a\"onerror=\"alert(1)", "data:image/png;base64,AAAA"])
    func images_OnlyAsHttpsURLs(url: String) async throws {
        let harness = try await Harness.start()
        let now = harness.clock.now()
        try await harness.store.updateAuthorizer(appID: "wximages0001") { _ in
            var record = AuthorizerRecord(appID: "wximages0001", componentAppID: "wxcomponent", updatedAt: now)
            record.info = AccountInfo(nickName: "图片", headImage: url, qrcodeURL: url, accountType: .officialAccount, fetchedAt: now)
            return record
        }
        let browser = try await harness.signedInBrowser()
        for page in ["/admin/authorizers", "/admin/authorizers/wximages0001"] {
            let reply = try await browser.get(page)
            #expect(reply.status == 200)
            #expect(!reply.text.contains("<img"), "\(page) shows \(url)")
        }
        await harness.stop()
    }

    @Test(arguments: [nil, "", "forged", String(repeating: "A", count: 43)])
    func action_WithoutTheSessionsCSRFToken_Is403_AndDoesNothing(token: String?) async throws {
        let harness = try await Harness.start()
        try await harness.authorize([PlatformHarness.officialAccount])
        let browser = try await harness.signedInBrowser()
        let calls = harness.simulator.counters()["api_authorizer_token"] ?? 0
        let reply = try await browser.post("/admin/authorizers/\(PlatformHarness.officialAccount)/refresh-token", form: token.map { [("csrf", $0)] } ?? [])
        #expect(reply.status == 403)
        #expect(reply.text.contains("表单已失效"))
        #expect((harness.simulator.counters()["api_authorizer_token"] ?? 0) == calls)
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "console.")).isEmpty)
        #expect(harness.logs.contains("event=console_csrf_rejected"))
        await harness.stop()
    }

    @Test func csrfToken_OfAnotherSession_IsRefused() async throws {
        let harness = try await Harness.start()
        let mine = try await harness.signedInBrowser()
        let theirs = try await harness.signedInBrowser()
        let reply = try await mine.post("/admin/sync", form: [("csrf", try await theirs.csrfToken())])
        #expect(reply.status == 403)
        #expect(await harness.platform.app.sync.current().state == .idle)
        await harness.stop()
    }

    @Test(arguments: [("Origin", "https://evil.example"), ("Origin", "null"), ("Referer", "https://evil.example/page"),
                      ("Origin", "http://127.0.0.1.evil.example")])
    func action_FromAnotherSite_Is403_EvenWithTheToken(header: String, value: String) async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let token = try await browser.csrfToken()
        browser.origin = nil
        let reply = try await browser.post("/admin/sync", form: [("csrf", token)], headers: [header: value])
        #expect(reply.status == 403)
        #expect(reply.text.contains("请求来源不符"))
        #expect(await harness.platform.app.sync.current().state == .idle)
        await harness.stop()
    }

    @Test func action_WithoutOriginOrReferer_ReliesOnTheToken() async throws {
        let harness = try await Harness.start()
        try await harness.platform.pushTicket()
        let browser = try await harness.signedInBrowser()
        let token = try await browser.csrfToken()
        browser.origin = nil
        #expect(try await browser.post("/admin/sync", form: [("csrf", token)]).status == 303)
        await harness.stop()
    }

    @Test func anonymousRequests_NeverReachAPageOrAnAction() async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        let post = try await browser.post("/admin/sync", form: [("csrf", "x")])
        #expect(post.status == 303)
        #expect(post.location == "/admin/login")
        #expect(await harness.platform.app.sync.current().state == .idle)
        let status = try await browser.get("/admin/sync/status")
        #expect(status.status == 401)
        #expect(status.text == #"{"error":"not signed in"}"#)
        #expect(status.headers["Cache-Control"] == "no-store")
        await harness.stop()
    }
}
