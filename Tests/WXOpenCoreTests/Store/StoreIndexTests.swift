import Foundation
import Testing
@testable import WXOpenCore

@Suite struct StoreIndexTests {
    /// 30 accounts wx000…wx029: every third revoked, every fifth a mini program.
    func populated() -> StoreIndex {
        var index = StoreIndex()
        for number in (0 ..< 30).reversed() {
            let appID = String(format: "wx%03d", number)
            let status: AuthorizerStatus = number % 3 == 0 ? .revoked : .authorized
            let type: AccountType = number % 5 == 0 ? .miniProgram : .officialAccount
            let expiry = StoreFixtures.now.addingTimeInterval(Double(number) * 60)
            index.apply(.authorizer(StoreFixtures.authorizer(appID, status: status, type: type, expiresAt: expiry)))
        }
        return index
    }

    func appIDs(_ page: AuthorizerPage) -> [String] { page.authorizers.map(\.appID) }

    func list(_ query: AuthorizerQuery) throws -> AuthorizerPage {
        var index = populated()
        return try index.listAuthorizers(query)
    }

    @Test func list_ReturnsAppIDOrder_WhateverTheInsertionOrder() throws {
        let page = try list(AuthorizerQuery(limit: 5))
        #expect(appIDs(page) == ["wx000", "wx001", "wx002", "wx003", "wx004"])
        #expect(page.totalMatching == 30)
        #expect(page.nextCursor == AuthorizerCursor.cursor(after: "wx004"))
    }

    @Test func list_FiltersByStatus() throws {
        let page = try list(AuthorizerQuery(status: .revoked, limit: 100))
        #expect(appIDs(page) == stride(from: 0, to: 30, by: 3).map { String(format: "wx%03d", $0) })
        #expect(page.totalMatching == 10)
        #expect(page.nextCursor == nil)
    }

    @Test func list_FiltersByType_AndStatusTogether() throws {
        let page = try list(AuthorizerQuery(status: .revoked, type: .miniProgram))
        #expect(appIDs(page) == ["wx000", "wx015"])
        #expect(page.totalMatching == 2)
    }

    @Test func list_SearchesEachField_CaseInsensitively() throws {
        var index = populated()
        var record = StoreFixtures.authorizer("wxSEARCH")
        record.info?.nickName = "Tea House"
        record.info?.principalName = "北京茶叶公司"
        record.info?.userName = "gh_TEAUSER"
        record.info?.alias = "TeaAlias"
        index.apply(.authorizer(record))
        for needle in ["tea house", "茶叶", "gh_teauser", "teaalias", "wxsearch", "WXSEARCH"] {
            let page = try index.listAuthorizers(AuthorizerQuery(search: needle))
            #expect(appIDs(page) == ["wxSEARCH"], "search \(needle)")
            #expect(page.totalMatching == 1)
        }
        #expect(try index.listAuthorizers(AuthorizerQuery(search: "no such text")).authorizers.isEmpty)
    }

    @Test func list_EmptySearch_MatchesEverything() throws {
        #expect(try list(AuthorizerQuery(search: "")).totalMatching == 30)
    }

    @Test func list_TokenExpiringBefore_IncludesAccountsWithoutAToken() throws {
        var index = populated()
        var tokenless = StoreFixtures.authorizer("wx999")
        tokenless.accessToken = nil
        tokenless.accessTokenExpiresAt = nil
        index.apply(.authorizer(tokenless))
        // wx000…wx004 expire within 5 minutes of `now`.
        let page = try index.listAuthorizers(AuthorizerQuery(tokenExpiringBefore: StoreFixtures.now.addingTimeInterval(300)))
        #expect(appIDs(page) == ["wx000", "wx001", "wx002", "wx003", "wx004", "wx999"])
        #expect(page.totalMatching == 6)
    }

    @Test func list_ClampsLimit_ToOneThroughFiveHundred() throws {
        var index = StoreIndex()
        for number in 0 ..< 600 { index.apply(.authorizer(StoreFixtures.authorizer(String(format: "wx%04d", number)))) }
        #expect(try index.listAuthorizers(AuthorizerQuery(limit: 0)).authorizers.count == 1)
        #expect(try index.listAuthorizers(AuthorizerQuery(limit: -5)).authorizers.count == 1)
        #expect(try index.listAuthorizers(AuthorizerQuery(limit: 10_000)).authorizers.count == 500)
    }

    @Test(arguments: [
        AuthorizerQuery(limit: 7),
        AuthorizerQuery(status: .authorized, limit: 4),
        AuthorizerQuery(type: .miniProgram, limit: 1),
        AuthorizerQuery(search: "wx01", limit: 3),
        AuthorizerQuery(limit: 2, tokenExpiringBefore: StoreFixtures.now.addingTimeInterval(600)),
    ])
    func cursorPaging_VisitsEveryMatch_Once(query: AuthorizerQuery) throws {
        var index = populated()
        let everything = try index.listAuthorizers(AuthorizerQuery(
            status: query.status, type: query.type, search: query.search, limit: 500, tokenExpiringBefore: query.tokenExpiringBefore))
        var seen: [String] = []
        var query = query
        var pages = 0
        while true {
            let page = try index.listAuthorizers(query)
            #expect(page.totalMatching == everything.totalMatching)
            seen += appIDs(page)
            pages += 1
            guard let cursor = page.nextCursor else { break }
            query.cursor = cursor
        }
        #expect(seen == appIDs(everything))
        #expect(pages == max(1, (everything.totalMatching + query.limit - 1) / query.limit))
    }

    @Test func cursor_ResumesAfterItsAppID_EvenWhenThatRecordIsNew() throws {
        var index = populated()
        let first = try index.listAuthorizers(AuthorizerQuery(limit: 2))
        index.apply(.authorizer(StoreFixtures.authorizer("wx000a")))
        let second = try index.listAuthorizers(AuthorizerQuery(limit: 2, cursor: first.nextCursor))
        #expect(appIDs(second) == ["wx002", "wx003"])
    }

    @Test(arguments: ["%%%", "a+b/", "abc=", ""])
    func list_Throws_WhenCursorIsNotOneWeIssued(cursor: String) {
        #expect {
            try list(AuthorizerQuery(cursor: cursor))
        } throws: { error in
            guard case StoreError.invalidRequest(let detail) = error else { return false }
            return detail.contains("not one this store issued")
        }
    }

    @Test func counts_FollowStatusChanges() {
        var index = populated()
        index.apply(.authorizer(StoreFixtures.authorizer("wx001", status: .needsReauthorization, type: .officialAccount)))
        let counts = index.authorizerCounts()
        #expect(counts.total == 30)
        #expect(counts.byStatus == [.authorized: 19, .revoked: 10, .needsReauthorization: 1])
        #expect(counts.byType == [.officialAccount: 24, .miniProgram: 6])
    }
}
