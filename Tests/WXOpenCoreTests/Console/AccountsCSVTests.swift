import Foundation
import HTTPServer
import Testing
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16: the accounts list's selection as a CSV download.
@Suite struct AccountsCSVTests {
    typealias Harness = ConsoleHarness

    @Test func export_IsAnAttachment_WithAHeaderRow_AndOneRowPerMatchingAccount() async throws {
        let harness = try await Harness.start()
        let now = harness.clock.now()
        try await harness.seedAccount("wxcsv0000001", name: "星河咖啡", ref: "shop-1", authorizedAt: now - 3600, tokenExpiresAt: now + 7200,
                                      principal: "上海星河餐饮管理有限公司")
        try await harness.seedAccount("wxcsv0000002", name: "鲜果到家", ref: "shop-2", type: .miniProgram)
        try await harness.seedAccount("wxcsv0000003", name: "第三家", ref: "shop-1", status: .revoked)
        let browser = try await harness.signedInBrowser()
        let reply = try await browser.get("/admin/authorizers.csv?ref=shop-1")
        #expect(reply.status == 200)
        #expect(reply.headers["Content-Type"] == "text/csv; charset=utf-8; header=present")
        #expect(reply.headers["Content-Disposition"] == "attachment; filename=\"wxopen-accounts-\(Self.day(now)).csv\"")
        #expect(reply.headers["Cache-Control"] == "no-store")
        #expect(reply.headers["X-Content-Type-Options"] == "nosniff")
        let lines = reply.text.components(separatedBy: "\r\n")
        #expect(lines.first == "\u{FEFF}appid,nick_name,type,status,status_reason,principal_name,user_name,alias,verified,ref,authorized_at,token_expires_at,info_fetched_at,permissions")
        #expect(lines.count == 4 && lines.last == "")
        #expect(lines[1] == "wxcsv0000001,星河咖啡,official_account,authorized,,上海星河餐饮管理有限公司,,,no,shop-1,"
            + "\(RFC3339.format(now - 3600)),\(RFC3339.format(now + 7200)),\(RFC3339.format(now)),")
        #expect(lines[2].hasPrefix("wxcsv0000003,第三家,official_account,revoked,"))
        let audit = try #require(try await harness.store.recentEvents(EventQuery(kindPrefix: "console.")).first)
        #expect(audit.kind == "console.accounts_exported")
        #expect(audit.detail == "by operator: 2 accounts, ref=shop-1")
        await harness.stop()
    }

    @Test func export_FollowsTheListsOrder_AndHoldsEveryAccount_NotOnePage() async throws {
        let harness = try await Harness.start()
        for index in 1...620 {
            try await harness.seedAccount("wxmany" + String(format: "%06d", index), name: "n" + String(format: "%04d", 1000 - index))
        }
        let browser = try await harness.signedInBrowser()
        let rows = try await browser.get("/admin/authorizers.csv?sort=name").text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(rows.count == 620)
        #expect(rows.first?.hasPrefix("wxmany000620,n0380,") == true)
        #expect(rows.last?.hasPrefix("wxmany000001,n0999,") == true)
        let byAppID = try await browser.get("/admin/authorizers.csv").text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(byAppID.map { String($0.prefix(12)) } == (1...620).map { "wxmany" + String(format: "%06d", $0) })
        await harness.stop()
    }

    @Test func export_QuotesFields_NeutralisesFormulas_AndHoldsNoToken() async throws {
        let harness = try await Harness.start()
        try await harness.seedAccount("wxcsv0000009", name: "=HYPERLINK(\"http://evil\",\"点我\")", ref: "+cmd|' /C calc'!A0",
                                      tokenExpiresAt: harness.clock.now() + 60, accessToken: "ACCESS-SECRET-123456",
                                      refreshToken: "REFRESH-SECRET-654321", principal: "a, \"b\"\nc")
        let text = try await harness.signedInBrowser().get("/admin/authorizers.csv").text
        let row = try #require(text.components(separatedBy: "\r\n").dropFirst().first)
        #expect(row.hasPrefix(#"wxcsv0000009,"'=HYPERLINK(""http://evil"",""点我"")",official_account,authorized,,"a, ""b"""#))
        #expect(text.contains("\nc\",,,no,'+cmd|' /C calc'!A0,"))
        #expect(!text.contains("ACCESS-SECRET") && !text.contains("REFRESH-SECRET"))
        await harness.stop()
    }

    @Test func export_NeedsASession() async throws {
        let harness = try await Harness.start()
        let reply = try await ConsoleBrowser(router: harness.router).get("/admin/authorizers.csv")
        #expect(reply.status == 303 || reply.status == 302)
        #expect(reply.location?.hasPrefix("/admin/login") == true)
        await harness.stop()
    }

    static func day(_ date: Date) -> String { String(RFC3339.format(date).prefix(10)).replacingOccurrences(of: "-", with: "") }
}
