import Foundation
import Testing
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16, the accounts list at scale: ref, sorting, page numbers, the selection's tools.
@Suite struct AccountsPageTests {
    typealias Harness = ConsoleHarness

    /// Three accounts whose orders by name, authorization and expiry all differ.
    static func seedThree(_ harness: Harness) async throws {
        let now = harness.clock.now()
        try await harness.seedAccount("wxaaaa000001", name: "Charlie", ref: "shop-1", authorizedAt: now - 100, tokenExpiresAt: now + 300)
        try await harness.seedAccount("wxbbbb000002", name: "alpha", ref: "shop-2", authorizedAt: now - 300, tokenExpiresAt: now + 100)
        try await harness.seedAccount("wxcccc000003", name: "Bravo", ref: "shop-1", type: .miniProgram, authorizedAt: now - 200,
                                      tokenExpiresAt: now + 200)
    }

    @Test func sort_ByNameAuthorizationAndExpiry_BothWays() async throws {
        let harness = try await Harness.start()
        try await Self.seedThree(harness)
        let browser = try await harness.signedInBrowser()
        let (a, b, c) = ("wxaaaa000001", "wxbbbb000002", "wxcccc000003")
        #expect(try await browser.get("/admin/authorizers").rowAppIDs == [a, b, c])
        // Names compare case-folded: alpha, Bravo, Charlie.
        #expect(try await browser.get("/admin/authorizers?sort=name").rowAppIDs == [b, c, a])
        #expect(try await browser.get("/admin/authorizers?sort=name&dir=desc").rowAppIDs == [a, c, b])
        #expect(try await browser.get("/admin/authorizers?sort=authorized").rowAppIDs == [b, c, a])
        #expect(try await browser.get("/admin/authorizers?sort=authorized&dir=desc").rowAppIDs == [a, c, b])
        #expect(try await browser.get("/admin/authorizers?sort=expiry").rowAppIDs == [b, c, a])
        #expect(try await browser.get("/admin/authorizers?sort=expiry&dir=desc&type=official_account").rowAppIDs == [a, b])
        await harness.stop()
    }

    @Test func sortHeadings_LinkToTheOrder_KeepingFilters_AndToggleTheCurrentOne() async throws {
        let harness = try await Harness.start()
        try await Self.seedThree(harness)
        let browser = try await harness.signedInBrowser()
        let plain = try await browser.get("/admin/authorizers?type=official_account")
        #expect(plain.href(id: "sort-name") == "/admin/authorizers?type=official_account&sort=name")
        #expect(plain.href(id: "sort-authorized") == "/admin/authorizers?type=official_account&sort=authorized")
        #expect(plain.href(id: "sort-expiry") == "/admin/authorizers?type=official_account&sort=expiry")
        let byName = try await browser.get("/admin/authorizers?type=official_account&sort=name")
        #expect(byName.href(id: "sort-name") == "/admin/authorizers?type=official_account&sort=name&dir=desc")
        #expect(byName.text.contains("aria-sort=\"ascending\">名称 ▲</a>"))
        // The filter form keeps the order.
        #expect(byName.text.contains("<input type=\"hidden\" name=\"sort\" value=\"name\">"))
        let descending = try await browser.get("/admin/authorizers?sort=name&dir=desc")
        #expect(descending.href(id: "sort-name") == "/admin/authorizers?sort=name")
        #expect(descending.text.contains("aria-sort=\"descending\">名称 ▼</a>"))
        await harness.stop()
    }

    @Test func ref_IsFoundBySearch_FilteredExactly_AndLinkedFromEachRow() async throws {
        let harness = try await Harness.start()
        try await Self.seedThree(harness)
        try await harness.seedAccount("wxdddd000004", name: "Delta", ref: "shop-10")
        let browser = try await harness.signedInBrowser()
        // Search is a substring of any field, the ref filter an exact ref.
        #expect(try await browser.get("/admin/authorizers?q=shop-1").rowAppIDs == ["wxaaaa000001", "wxcccc000003", "wxdddd000004"])
        let exact = try await browser.get("/admin/authorizers?ref=shop-1")
        #expect(exact.rowAppIDs == ["wxaaaa000001", "wxcccc000003"])
        #expect(exact.text.contains("id=\"ref\" name=\"ref\" value=\"shop-1\""))
        #expect(exact.text.contains("共 2 个帐号"))
        #expect(try await browser.get("/admin/authorizers?ref=shop-1&type=mini_program").rowAppIDs == ["wxcccc000003"])
        #expect(try await browser.get("/admin/authorizers?ref=shop").rowAppIDs.isEmpty)
        let all = try await browser.get("/admin/authorizers?sort=name")
        #expect(all.text.contains("<td><a class=\"ref\" href=\"/admin/authorizers?ref=shop-10&amp;sort=name\">shop-10</a></td>"))
        await harness.stop()
    }

    @Test func pages_HaveNumbers_PreviousAndNext_KeepingFiltersAndOrder() async throws {
        let harness = try await Harness.start()
        for index in 1...260 {
            try await harness.seedAccount("wxpage" + String(format: "%06d", index), name: "分页\(String(format: "%03d", 261 - index))")
        }
        let browser = try await harness.signedInBrowser()
        let first = try await browser.get("/admin/authorizers?sort=name")
        #expect(first.rowAppIDs.count == 50)
        #expect(first.rowAppIDs.first == "wxpage000260")
        #expect(first.text.contains("共 260 个帐号，第 1 页（第 1–50 个）"))
        #expect(!first.text.contains("id=\"previous-page\""))
        #expect(first.href(id: "next-page") == "/admin/authorizers?sort=name&page=2")
        #expect(first.text.contains("<span class=\"page current\" aria-current=\"page\">1</span>"))
        for page in 2...3 { #expect(first.text.contains("<a class=\"page\" href=\"/admin/authorizers?sort=name&amp;page=\(page)\">\(page)</a>")) }
        #expect(first.text.contains("<a class=\"page\" href=\"/admin/authorizers?sort=name&amp;page=6\">6</a>"))
        #expect(first.text.contains("<span class=\"gap\">…</span>"))
        #expect(!first.text.contains("page=4\">4</a>"))

        let third = try await browser.get("/admin/authorizers?sort=name&page=3")
        #expect(third.text.contains("第 3 页（第 101–150 个）"))
        #expect(third.rowAppIDs.first == "wxpage000160")
        #expect(third.href(id: "previous-page") == "/admin/authorizers?sort=name&page=2")
        #expect(third.href(id: "next-page") == "/admin/authorizers?sort=name&page=4")
        // The first page's link has no page number.
        #expect(third.text.contains("<a class=\"page\" href=\"/admin/authorizers?sort=name\">1</a>"))

        let last = try await browser.get("/admin/authorizers?sort=name&page=6")
        #expect(last.rowAppIDs.count == 10)
        #expect(last.rowAppIDs.last == "wxpage000001")
        #expect(!last.text.contains("id=\"next-page\""))
        // Past the end: the last page.
        let beyond = try await browser.get("/admin/authorizers?sort=name&page=99")
        #expect(beyond.text.contains("第 6 页（第 251–260 个）"))
        #expect(try await browser.get("/admin/authorizers?page=abc").text.contains("第 1 页"))
        await harness.stop()
    }

    @Test func aMaliciousName_IsEscapedEverywhereOnTheList() async throws {
        let harness = try await Harness.start()
        let name = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        try await harness.seedAccount("wxevil0000001", name: name, ref: "<b>ref</b>", principal: "<i>公司</i>")
        let browser = try await harness.signedInBrowser()
        for target in ["/admin/authorizers", "/admin/authorizers?q=%3Cscript%3E", "/admin/authorizers?ref=%3Cb%3Eref%3C%2Fb%3E"] {
            let page = try await browser.get(target)
            #expect(page.rowAppIDs == ["wxevil0000001"], "\(target)")
            #expect(page.text.contains(HTML.escape(name)))
            #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x") && !page.text.contains("<b>ref") && !page.text.contains("<i>公司"))
        }
        await harness.stop()
    }

    @Test func selectionTools_LinkTheCSVAndTheBulkActions_WithTheSameSelection() async throws {
        let harness = try await Harness.start()
        try await Self.seedThree(harness)
        let browser = try await harness.signedInBrowser()
        let page = try await browser.get("/admin/authorizers?ref=shop-1&sort=name")
        #expect(page.href(id: "export-csv") == "/admin/authorizers.csv?ref=shop-1&sort=name")
        #expect(page.href(id: "bulk-refresh-tokens") == "/admin/bulk?ref=shop-1&sort=name&action=refresh-tokens")
        #expect(page.href(id: "bulk-refresh-info") == "/admin/bulk?ref=shop-1&sort=name&action=refresh-info")
        #expect(page.text.contains("以下操作针对全部 2 个符合条件的帐号："))
        let none = try await browser.get("/admin/authorizers?ref=nobody")
        #expect(none.href(id: "export-csv") == nil)
        await harness.stop()
    }
}
