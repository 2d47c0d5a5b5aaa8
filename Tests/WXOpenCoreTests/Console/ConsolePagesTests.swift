import Foundation
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport

/// Issue 6, pages: the dashboard, the accounts list and one account, events, authorize links.
@Suite struct ConsolePagesTests {
    typealias Harness = ConsoleHarness
    static let coffee = PlatformHarness.officialAccount  // 星河咖啡
    static let fruit = "wx9b3d5f7a2c4e6b18"  // 鲜果到家, a mini program

    @Test func dashboard_TicketFreshness_IsGreenThenAmberThenRed() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let none = try await browser.get("/admin")
        #expect(none.status == 200)
        #expect(none.text.contains("<span class=\"pill red\" id=\"ticket-age\">尚未收到</span>"))
        try await harness.platform.pushTicket()
        harness.clock.advance(by: 29 * 60)
        #expect(try await browser.get("/admin").text.contains("<span class=\"pill green\" id=\"ticket-age\">29 分钟前</span>"))
        harness.clock.advance(by: 2 * 60)
        #expect(try await browser.get("/admin").text.contains("<span class=\"pill amber\" id=\"ticket-age\">31 分钟前</span>"))
        harness.clock.advance(by: 12 * 3600)
        // Past the session's idle limit too: a new session.
        #expect(try await harness.signedInBrowser().get("/admin").text.contains("<span class=\"pill red\" id=\"ticket-age\">12 小时 31 分钟前</span>"))
        await harness.stop()
    }

    @Test func dashboard_ShowsTokenExpiry_Counts_FailuresOfTheDay_AndTheLast20Events() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee, PlatformHarness.markupAccount, Self.fruit])
        let now = harness.clock.now()
        for hoursAgo in [1.0, 23.0, 25.0] {
            try await harness.store.appendEvent(EventRecord(at: now - hoursAgo * 3600, kind: "token.refresh_failed", appID: Self.coffee,
                                                            outcome: "failed", detail: "simulated \(hoursAgo)"))
        }
        for index in 1...25 { try await harness.store.appendEvent(EventRecord(at: now, kind: "push.test", detail: "event \(index)")) }
        let page = try await harness.signedInBrowser().get("/admin")
        #expect(page.status == 200)
        let token = try #require(try await harness.platform.app.platform.componentTokens.snapshot().token)
        #expect(page.text.contains("<span class=\"pill green\">还有 2 小时</span>"))
        #expect(page.text.contains(ConsoleFormat.time(token.expiresAt)))
        #expect(page.text.contains("id=\"count-total\" href=\"/admin/authorizers\"><span class=\"muted\">全部</span><b>3</b>"))
        #expect(page.text.contains("<span class=\"muted\">已授权</span><b>3</b>"))
        #expect(page.text.contains("<span class=\"muted\">已取消授权</span><b>0</b>"))
        #expect(page.text.contains("<span class=\"muted\">公众号</span><b>2</b>"))
        #expect(page.text.contains("<span class=\"muted\">小程序</span><b>1</b>"))
        #expect(page.text.contains("<b><span class=\"pill red\">2</span></b>"))
        let recent = try #require(page.text.components(separatedBy: "id=\"recent-events\"").last)
        #expect(recent.components(separatedBy: "<tr><td").count - 1 == 20)
        #expect(recent.contains("event 25") && recent.contains("event 6") && !recent.contains("event 5<"))
        await harness.stop()
    }

    @Test func accounts_ShowEveryField() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee], funcIDs: [1, 2, 15])
        try await harness.store.updateAuthorizer(appID: Self.coffee) { record in
            var record = record
            record?.ref = "customer-42"
            return record
        }
        let record = try #require(try await harness.store.authorizer(appID: Self.coffee))
        let page = try await harness.signedInBrowser().get("/admin/authorizers")
        #expect(page.status == 200)
        let row = try #require(page.text.components(separatedBy: "<tr data-appid=\"\(Self.coffee)\">").last?.components(separatedBy: "</tr>").first)
        #expect(row.contains("<img class=\"avatar\" alt=\"\" src=\"https://wx.qlogo.cn/mmopen/\(Self.coffee)SimHeadImg/0\">"))
        #expect(row.contains("<a href=\"/admin/authorizers/\(Self.coffee)\" class=\"account-name\">星河咖啡</a>"))
        #expect(row.contains("<td class=\"nowrap\">公众号</td><td class=\"nowrap\">已认证</td>"))
        #expect(row.contains("<td>上海星河餐饮管理有限公司</td>"))
        #expect(row.contains("<td class=\"permissions\">消息管理、用户管理、自定义菜单</td>"))
        #expect(row.contains("<td>还有 2 小时</td>"))
        #expect(row.contains("<span class=\"pill green\">已授权</span>"))
        #expect(row.contains(ConsoleFormat.timeElement(record.authorizedAt)))
        #expect(row.contains("<td><a class=\"ref\" href=\"/admin/authorizers?ref=customer-42\">customer-42</a></td>"))
        #expect(page.text.contains("共 1 个帐号，第 1 页（第 1–1 个）"))
        await harness.stop()
    }

    @Test func accounts_SearchAndFilters_AreKeptInTheForm() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee, PlatformHarness.markupAccount, Self.fruit])
        let browser = try await harness.signedInBrowser()
        func appIDs(_ target: String) async throws -> [String] {
            let text = try await browser.get(target).text
            return text.components(separatedBy: "<tr data-appid=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(try await appIDs("/admin/authorizers?type=mini_program") == [Self.fruit])
        #expect(try await appIDs("/admin/authorizers?q=%E6%98%9F%E6%B2%B3") == [Self.coffee])  // 星河
        #expect(try await appIDs("/admin/authorizers?q=wx9b3d") == [Self.fruit])
        #expect(try await appIDs("/admin/authorizers?type=official_account").sorted() == [PlatformHarness.markupAccount, Self.coffee].sorted())
        let none = try await browser.get("/admin/authorizers?status=revoked&q=abc")
        #expect(none.text.contains("没有符合条件的帐号。"))
        #expect(none.text.contains("<option value=\"revoked\" selected>"))
        #expect(none.text.contains("id=\"q\" name=\"q\" type=\"search\" value=\"abc\""))
        await harness.stop()
    }

    @Test func accounts_Page50AtATime_ByPageNumber_KeepingTheFilters() async throws {
        let harness = try await Harness.start()
        let now = harness.clock.now()
        for index in 1...120 {
            let appID = "wxpage" + String(format: "%06d", index)
            try await harness.store.updateAuthorizer(appID: appID) { _ in
                var record = AuthorizerRecord(appID: appID, componentAppID: "wxcomponent", updatedAt: now)
                record.info = AccountInfo(nickName: "分页测试\(index)", accountType: .officialAccount, fetchedAt: now)
                return record
            }
        }
        let browser = try await harness.signedInBrowser()
        let first = try await browser.get("/admin/authorizers?type=official_account")
        #expect(first.count(of: "<tr data-appid=") == 50)
        #expect(first.text.contains("共 120 个帐号，第 1 页（第 1–50 个）"))
        #expect(!first.text.contains("id=\"previous-page\""))
        let next = try #require(first.href(id: "next-page"))
        #expect(next == "/admin/authorizers?type=official_account&page=2")
        let second = try await browser.get(next)
        #expect(second.count(of: "<tr data-appid=") == 50)
        #expect(second.text.contains("第 2 页（第 51–100 个）"))
        #expect(second.text.contains("<tr data-appid=\"wxpage000051\">"))
        #expect(second.href(id: "previous-page") == "/admin/authorizers?type=official_account")
        let third = try await browser.get(try #require(second.href(id: "next-page")))
        #expect(third.count(of: "<tr data-appid=") == 20)
        #expect(!third.text.contains("id=\"next-page\""))
        await harness.stop()
    }

    /// The store searches and counts; the page renders 50. Each page takes tens of milliseconds
    /// here, so a bound of two seconds only fails when a page starts walking every account itself.
    /// Counts and paging over many accounts. (Speed at 100,000 is measured by bench/console.sh:
    /// the console's pages are one store query plus 50 rendered rows.)
    @Test func accounts_WithManyAccounts_CountAndPage() async throws {
        let harness = try await Harness.start()
        let now = harness.clock.now()
        for index in 1...8_000 {
            let appID = "wxscale" + String(format: "%07d", index)
            try await harness.store.updateAuthorizer(appID: appID) { _ in
                var record = AuthorizerRecord(appID: appID, componentAppID: "wxcomponent", updatedAt: now)
                record.info = AccountInfo(nickName: "规模测试\(index)", accountType: index % 4 == 0 ? .miniProgram : .officialAccount, fetchedAt: now)
                return record
            }
            // The memory store never suspends: without this the loop would hold one of the few
            // cooperative threads for seconds, starving other tests' timers.
            if index % 500 == 0 { await Task.yield() }
        }
        let browser = try await harness.signedInBrowser()
        let expectations = [("/admin", "<span class=\"muted\">全部</span><b>8,000</b>"),
                            ("/admin/authorizers", "共 8,000 个帐号，第 1 页（第 1–50 个）"),
                            ("/admin/authorizers?type=mini_program", "共 2,000 个帐号，第 1 页（第 1–50 个）"),
                            ("/admin/authorizers?q=%E6%B5%8B%E8%AF%957999", "共 1 个帐号"),  // 测试7999
                            ("/admin/authorizers?q=nomatch", "没有符合条件的帐号。")]
        for (target, text) in expectations {
            let reply = try await browser.get(target)
            #expect(reply.status == 200)
            #expect(reply.text.contains(text), "\(target)")
        }
        await harness.stop()
    }

    @Test func account_ShowsItsDetails_TokensAsPrefixes_RawInfo_EventsAndActions() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([Self.coffee], funcIDs: [1, 4])
        let record = try #require(try await harness.store.authorizer(appID: Self.coffee))
        let accessToken = try #require(record.accessToken), refreshToken = try #require(record.refreshToken)
        let page = try await harness.signedInBrowser().get("/admin/authorizers/\(Self.coffee)")
        #expect(page.status == 200)
        #expect(page.text.contains("<span id=\"account-name\">星河咖啡</span>"))
        #expect(page.text.contains("<code id=\"access-token\">\(accessToken.prefix(6))…</code> <span id=\"token-expiry\">还有 2 小时</span>"))
        #expect(page.text.contains("<code id=\"refresh-token\">\(refreshToken.prefix(6))…</code>"))
        #expect(!page.text.contains(accessToken) && !page.text.contains(refreshToken))
        for field in ["<dd>gh_5a1c7e9d2b34</dd>", "<dd>xinghecoffee</dd>", "<dd>一杯好咖啡，从一颗好豆子开始。</dd>", "<span id=\"principal\">上海星河餐饮管理有限公司</span>",
                      "<dd>已认证</dd>", "<li>消息管理 <span class=\"muted\">(1)</span></li><li>网页服务 <span class=\"muted\">(4)</span></li>",
                      "<img class=\"qrcode\" alt=\"QR\" src=\"https://mmbiz.qpic.cn/mmbiz_jpg/\(Self.coffee)SimQRCode/0\">"] {
            #expect(page.text.contains(field), "missing \(field)")
        }
        #expect(page.text.contains("<pre id=\"raw-info\">{\n  &quot;"))
        #expect(page.text.contains("&quot;nick_name&quot; : &quot;星河咖啡&quot;"))
        #expect(page.text.contains("<code>authorizer.authorized</code>"))
        #expect(page.text.contains("action=\"/admin/authorizers/\(Self.coffee)/refresh-token\""))
        #expect(page.text.contains("action=\"/admin/authorizers/\(Self.coffee)/refresh-info\""))
        #expect(page.text.contains("value=\"http://127.0.0.1/authorize?auth_type=1&amp;biz_appid=\(Self.coffee)\""))
        let missing = try await harness.signedInBrowser().get("/admin/authorizers/wxdoesnotexist1")
        #expect(missing.status == 404)
        #expect(missing.text.contains("没有这个帐号"))
        await harness.stop()
    }

    @Test func events_FilterByKindOutcomeAndAccount() async throws {
        let harness = try await Harness.start()
        let now = harness.clock.now()
        try await harness.store.appendEvent(EventRecord(at: now, kind: "token.refresh_failed", appID: Self.coffee, outcome: "failed", detail: "A"))
        try await harness.store.appendEvent(EventRecord(at: now, kind: "token.refreshed", appID: Self.coffee, detail: "B"))
        try await harness.store.appendEvent(EventRecord(at: now, kind: "push.rejected", outcome: "rejected", detail: "C"))
        try await harness.store.appendEvent(EventRecord(at: now, kind: "token.refreshed", appID: Self.fruit, detail: "D"))
        let browser = try await harness.signedInBrowser()
        func details(_ target: String) async throws -> [String] {
            try await browser.get(target).text.components(separatedBy: "<td class=\"detail\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
        }
        #expect(try await details("/admin/events") == ["D", "C", "B", "A"])
        #expect(try await details("/admin/events?kind=token.") == ["D", "B", "A"])
        #expect(try await details("/admin/events?kind=token.&outcome=failed") == ["A"])
        #expect(try await details("/admin/events?appid=\(Self.coffee)") == ["B", "A"])
        #expect(try await details("/admin/events?outcome=rejected") == ["C"])
        #expect(try await browser.get("/admin/events?kind=token.").text.contains("<option value=\"token.\" selected>"))
        await harness.stop()
    }

    @Test func links_BuildTheStartPageLink_WithEveryOption() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let form = try await browser.get("/admin/links")
        #expect(form.status == 200)
        #expect(!form.text.contains("id=\"built-link\""))
        let built = try await browser.get("/admin/links?build=1&auth_type=2&biz_appid=\(Self.fruit)&category_id_list=1%7C18&ref=%3Cshop%3E+7")
        let link = "http://127.0.0.1/authorize?auth_type=2&amp;biz_appid=\(Self.fruit)&amp;category_id_list=1%7C18&amp;ref=%3Cshop%3E%207"
        #expect(built.text.contains("<a href=\"\(link)\" id=\"link-href\" rel=\"noopener\">\(link)</a>"))
        #expect(built.text.contains("<input type=\"text\" readonly id=\"link\" value=\"\(link)\""))
        #expect(built.text.contains("<option value=\"2\" selected>"))
        #expect(built.text.contains("id=\"ref\" name=\"ref\" value=\"&lt;shop&gt; 7\""))
        let mobile = try await browser.get("/admin/links?build=1&mobile=1")
        #expect(mobile.text.contains("value=\"http://127.0.0.1/authorize?auth_type=3&amp;mobile=1\""))
        let invalid = try await browser.get("/admin/links?build=1&biz_appid=nope")
        #expect(invalid.text.contains("<div class=\"card error\" id=\"link-error\" role=\"alert\">biz_appid 不是有效的微信 appid。</div>"))
        await harness.stop()
    }

    @Test func links_ShowTheBuiltLinkAsAQRCode_WithoutInlineStyle_AndMarkupEscaped() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        #expect(!(try await browser.get("/admin/links")).text.contains("<svg"))
        let built = try await browser.get("/admin/links?build=1&ref=%3Cb%3E%26%22%27")
        #expect(built.status == 200)
        let link = "http://127.0.0.1/authorize?auth_type=3&ref=%3Cb%3E%26%22%27"
        #expect(built.text.contains("<a href=\"\(HTML.escape(link))\" id=\"link-href\" rel=\"noopener\">\(HTML.escape(link))</a>"))
        #expect(built.text.contains("id=\"ref\" name=\"ref\" value=\"&lt;b&gt;&amp;&quot;&#39;\""))
        #expect(!built.text.contains("<b>&\"'"))
        // The code is of the very link shown, drawn by presentation attributes only.
        let svg = try QRCode(text: link).svg(moduleSize: 4, quietZone: 4, label: "授权链接二维码")
        #expect(built.text.contains("<figure class=\"qr\" id=\"link-qr\">\(svg)<figcaption class=\"muted\">扫码打开</figcaption></figure>"))
        #expect(built.count(of: "<svg") == 1)
        #expect(!built.text.contains("style="))
        #expect(!built.text.contains("<style"))
        let english = try await browser.get("/admin/links?build=1&lang=en")
        #expect(english.text.contains("<figcaption class=\"muted\">Scan to open</figcaption>"))
        await harness.stop()
    }

    /// ref allows 128 characters, and a character may be many bytes: a link can outgrow version 40.
    @Test func links_TooLongForAQRCode_ShowTheLinkAndANote() async throws {
        let harness = try await Harness.start()
        let family = "%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7%E2%80%8D%F0%9F%91%A6"  // one character, 25 bytes
        let built = try await harness.signedInBrowser().get("/admin/links?build=1&ref=" + String(repeating: family, count: 100))
        #expect(built.status == 200)
        #expect(built.text.contains("id=\"link-href\""))
        #expect(!built.text.contains("<svg"))
        #expect(built.text.contains("<p class=\"muted\" id=\"link-qr-missing\">链接太长，无法生成二维码。</p>"))
        await harness.stop()
    }

    @Test func unknownConsolePath_IsAConsolePage_AfterLogin() async throws {
        let harness = try await Harness.start()
        #expect(try await ConsoleBrowser(router: harness.router).get("/admin/nothing-here").location == "/admin/login?next=%2Fadmin%2Fnothing-here")
        let reply = try await harness.signedInBrowser().get("/admin/nothing-here")
        #expect(reply.status == 404)
        #expect(reply.text.contains("没有这个页面"))
        #expect(reply.headers["X-Frame-Options"] == "DENY")
        await harness.stop()
    }

    @Test func english_WhenTheBrowserPrefersIt_OrTheSettingSaysSo() async throws {
        let harness = try await Harness.start()
        let english = try await harness.signedInBrowser(language: "en-US,en;q=0.9")
        let page = try await english.get("/admin")
        #expect(page.text.contains("<html lang=\"en\">"))
        #expect(page.text.contains("Platform health"))
        await harness.stop()
        let fixed = try await Harness.start(configure: { $0.consoleLanguage = .en })
        let chinese = try await fixed.signedInBrowser(language: "zh-CN")
        #expect(try await chinese.get("/admin/authorizers").text.contains("No account matches."))
        await fixed.stop()
    }
}
