import Foundation
import Testing
@testable import WXOpenCore

/// Listing, search, counts and the event log: what the console and the refresher rely on, the
/// same on every backend.
extension StoreContractTests {
    func save(_ records: [AuthorizerRecord], in store: any Store) async throws {
        for record in records { try await store.updateAuthorizer(appID: record.appID) { _ in record } }
    }

    func appIDs(_ page: AuthorizerPage) -> [String] { page.authorizers.map(\.appID) }

    @Test(arguments: Kind.available)
    func list_PagesInBytewiseAppIDOrder_WithACursor_AndATotalOverAllPages(kind: Kind) async throws {
        try await withStore(kind) { store in
            // Uppercase sorts before lowercase bytewise, whatever a database's locale would say.
            let appIDs = ["wxb", "wxB", "wxa", "wx_1", "wxA", "wxc", "wx0"]
            try await save(appIDs.map { StoreFixtures.authorizer($0) }, in: store)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await store.listAuthorizers(AuthorizerQuery(limit: 3, cursor: cursor))
                #expect(page.totalMatching == 7)
                #expect(page.authorizers.count == (seen.count == 6 ? 1 : 3))
                seen += self.appIDs(page)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ["wx0", "wxA", "wxB", "wx_1", "wxa", "wxb", "wxc"])
        }
    }

    @Test(arguments: Kind.available)
    func list_Search_FoldsCase_InEachField_ButNeverAcrossTwoFields(kind: Kind) async throws {
        try await withStore(kind) { store in
            var record = StoreFixtures.authorizer("wxSEARCH")
            record.info?.nickName = "Café ÜBER Tea"
            record.info?.principalName = "北京茶叶公司"
            record.info?.userName = "gh_TEAUSER"
            record.info?.alias = "O'Brien \\ 100%_done"
            try await save([record, StoreFixtures.authorizer("wxother")], in: store)
            for needle in ["café über", "CAFÉ", "茶叶", "gh_teauser", "o'brien \\ 100%_", "wxsearch", "WXSEARCH"] {
                let page = try await store.listAuthorizers(AuthorizerQuery(search: needle))
                #expect(appIDs(page) == ["wxSEARCH"], "search \(needle)")
                #expect(page.totalMatching == 1, "search \(needle)")
            }
            // The nickname ends "tea", the principal name starts "北京": no match spans the two.
            #expect(try await store.listAuthorizers(AuthorizerQuery(search: "tea北京")).authorizers.isEmpty)
            #expect(try await store.listAuthorizers(AuthorizerQuery(search: "%")).authorizers.map(\.appID) == ["wxSEARCH"])
            #expect(try await store.listAuthorizers(AuthorizerQuery(search: "")).totalMatching == 2)
        }
    }

    @Test(arguments: Kind.available)
    func list_FiltersCombine_AndExpiryIncludesAccountsWithoutAnExpiry(kind: Kind) async throws {
        try await withStore(kind) { store in
            var noToken = StoreFixtures.authorizer("wxnone", type: .miniProgram)
            noToken.accessToken = nil
            noToken.accessTokenExpiresAt = nil
            try await save([
                StoreFixtures.authorizer("wxsoon", expiresAt: StoreFixtures.now.addingTimeInterval(60)),
                StoreFixtures.authorizer("wxlater", expiresAt: StoreFixtures.now.addingTimeInterval(7200)),
                StoreFixtures.authorizer("wxrevoked", status: .revoked, type: .miniProgram, expiresAt: StoreFixtures.now),
                noToken,
            ], in: store)
            let expiring = try await store.listAuthorizers(AuthorizerQuery(tokenExpiringBefore: StoreFixtures.now.addingTimeInterval(600)))
            #expect(appIDs(expiring) == ["wxnone", "wxrevoked", "wxsoon"])
            #expect(expiring.totalMatching == 3)
            let mini = try await store.listAuthorizers(AuthorizerQuery(status: .authorized, type: .miniProgram))
            #expect(appIDs(mini) == ["wxnone"])
            #expect(mini.totalMatching == 1)
            #expect(try await store.authorizerCounts() == AuthorizerCounts(
                byStatus: [.authorized: 3, .revoked: 1], byType: [.officialAccount: 2, .miniProgram: 2], total: 4))
        }
    }

    @Test(arguments: Kind.available)
    func list_ExpiryFloor_LeavesOutOlderTokensAndAccountsWithout_AndTheTotalCanBeSkipped(kind: Kind) async throws {
        try await withStore(kind) { store in
            var noToken = StoreFixtures.authorizer("wxnone")
            noToken.accessToken = nil
            noToken.accessTokenExpiresAt = nil
            try await save([
                StoreFixtures.authorizer("wxlong", expiresAt: StoreFixtures.now.addingTimeInterval(-86_400 * 3)),
                StoreFixtures.authorizer("wxrecent", expiresAt: StoreFixtures.now.addingTimeInterval(-60)),
                StoreFixtures.authorizer("wxsoon", expiresAt: StoreFixtures.now.addingTimeInterval(60)),
                StoreFixtures.authorizer("wxlater", expiresAt: StoreFixtures.now.addingTimeInterval(7200)),
                noToken,
            ], in: store)
            var query = AuthorizerQuery(tokenExpiringBefore: StoreFixtures.now.addingTimeInterval(600),
                                        tokenExpiringAfter: StoreFixtures.now.addingTimeInterval(-86_400))
            let window = try await store.listAuthorizers(query)
            #expect(appIDs(window) == ["wxrecent", "wxsoon"])
            #expect(window.totalMatching == 2)
            query.countsTotal = false
            let uncounted = try await store.listAuthorizers(query)
            #expect(appIDs(uncounted) == ["wxrecent", "wxsoon"] && uncounted.totalMatching == 0)
        }
    }

    @Test(arguments: Kind.available)
    func list_ClampsTheLimit_AndRefusesACursorItDidNotIssue(kind: Kind) async throws {
        try await withStore(kind) { store in
            try await save(["wx1", "wx2", "wx3"].map { StoreFixtures.authorizer($0) }, in: store)
            let one = try await store.listAuthorizers(AuthorizerQuery(limit: 0))
            #expect(appIDs(one) == ["wx1"])
            #expect(one.nextCursor != nil)
            #expect(try await store.listAuthorizers(AuthorizerQuery(limit: 100_000)).authorizers.count == 3)
            await #expect {
                try await store.listAuthorizers(AuthorizerQuery(cursor: "not a cursor!"))
            } throws: { error in
                guard case StoreError.invalidRequest(let detail) = error else { return false }
                return detail.contains("is not one this store issued")
            }
        }
    }

    @Test(arguments: Kind.available)
    func records_RoundTripExactly_AwkwardDatesQuotesAndSealedLookingSecrets(kind: Kind) async throws {
        try await withStore(kind) { store in
            var record = StoreFixtures.authorizer(
                "wx'quoted\"", accessToken: "enc:v1:looks-sealed", refreshToken: "raw:'; DROP TABLE authorizers; --")
            record.updatedAt = Date(timeIntervalSinceReferenceDate: 1.0 / 3.0 + 8e8)
            record.accessTokenExpiresAt = Date(timeIntervalSinceReferenceDate: -0.1)
            record.statusReason = "línea 1\nline 2 \\ \u{1F600}"
            record.info?.fetchedAt = Date(timeIntervalSinceReferenceDate: 123_456_789.123_456_789)
            record.info?.rawJSON = #"{"a":"\u0000 nul inside JSON text","b":[1e-7]}"#
            let written = record
            try await store.updateAuthorizer(appID: written.appID) { _ in written }
            // Reads leave the raw info out; it is read on its own.
            var stored = written
            stored.info?.rawJSON = nil
            #expect(try await store.authorizer(appID: stored.appID) == stored)
            #expect(try await store.listAuthorizers(AuthorizerQuery()).authorizers == [stored])
            #expect(try await store.rawInfo(appID: stored.appID) == written.info?.rawJSON)
            try await store.saveTicket(StoreFixtures.ticket("enc:v1:not-sealed"))
            #expect(try await store.ticket(componentAppID: StoreFixtures.componentAppID)?.ticket == "enc:v1:not-sealed")
        }
    }

    @Test(arguments: Kind.available)
    func events_FilterByAppKindPrefixOutcomeAndTime_NewestFirst(kind: Kind) async throws {
        try await withStore(kind) { store in
            let early = StoreFixtures.now.addingTimeInterval(-3600)
            try await store.appendEvent(StoreFixtures.event("token.refreshed", appID: "wxa", at: early))
            try await store.appendEvent(StoreFixtures.event("push.authorized", appID: "wxa"))
            try await store.appendEvent(StoreFixtures.event("token.refresh_failed", appID: "wxb", outcome: "failed"))
            try await store.appendEvent(StoreFixtures.event("token.refreshed", appID: "wxa"))
            func kinds(_ query: EventQuery) async throws -> [String] {
                try await store.recentEvents(query).map { "\($0.id):\($0.kind)" }
            }
            #expect(try await kinds(EventQuery(appID: "wxa")) == ["4:token.refreshed", "2:push.authorized", "1:token.refreshed"])
            #expect(try await kinds(EventQuery(kindPrefix: "token.")) == ["4:token.refreshed", "3:token.refresh_failed", "1:token.refreshed"])
            #expect(try await kinds(EventQuery(outcome: "failed")) == ["3:token.refresh_failed"])
            #expect(try await kinds(EventQuery(kindPrefix: "token.", since: StoreFixtures.now)) == ["4:token.refreshed", "3:token.refresh_failed"])
            #expect(try await kinds(EventQuery(limit: 2)) == ["4:token.refreshed", "3:token.refresh_failed"])
        }
    }
}
