import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

/// Issues 16 and 17: ref search and filter, the orders and offsets behind page numbers, raw info
/// read on its own, the events page's range and cursor, retention by age, and the hour counts.
/// The same on every backend.
extension StoreContractTests {
    func account(_ appID: String, name: String?, ref: String?, authorizedAt: Date?, expiresAt: Date?) -> AuthorizerRecord {
        var record = StoreFixtures.authorizer(appID, expiresAt: expiresAt)
        record.info?.nickName = name
        record.ref = ref
        record.authorizedAt = authorizedAt
        if expiresAt == nil {
            record.accessToken = nil
            record.accessTokenExpiresAt = nil
        }
        return record
    }

    @Test(arguments: Kind.available)
    func list_SearchFindsRefs_AndTheRefFilterMatchesExactly(kind: Kind) async throws {
        try await withStore(kind) { store in
            let now = StoreFixtures.now
            try await save([
                account("wxa", name: "Alpha", ref: "CRM-1001", authorizedAt: now, expiresAt: now),
                account("wxb", name: "Beta", ref: "crm-10012", authorizedAt: now, expiresAt: now),
                account("wxc", name: "Gamma", ref: nil, authorizedAt: now, expiresAt: now),
            ], in: store)
            #expect(appIDs(try await store.listAuthorizers(AuthorizerQuery(search: "crm-1001"))) == ["wxa", "wxb"])
            let exact = try await store.listAuthorizers(AuthorizerQuery(ref: "CRM-1001"))
            #expect(appIDs(exact) == ["wxa"])
            #expect(exact.totalMatching == 1)
            #expect(try await store.listAuthorizers(AuthorizerQuery(ref: "crm-1001")).totalMatching == 0)
            #expect(appIDs(try await store.listAuthorizers(AuthorizerQuery(search: "beta", ref: "crm-10012"))) == ["wxb"])
        }
    }

    @Test(arguments: Kind.available)
    func list_SortsByNameAuthorizationAndExpiry_BothWays_WithOffsets(kind: Kind) async throws {
        try await withStore(kind) { store in
            let now = StoreFixtures.now
            try await save([
                account("wx1", name: "banana", ref: nil, authorizedAt: now + 30, expiresAt: now + 300),
                account("wx2", name: "Apple", ref: nil, authorizedAt: nil, expiresAt: nil),
                account("wx3", name: nil, ref: nil, authorizedAt: now + 10, expiresAt: now + 100),
                account("wx4", name: "apple", ref: nil, authorizedAt: now + 10, expiresAt: now + 300),
            ], in: store)
            func order(_ sort: AuthorizerSort, descending: Bool = false, offset: Int = 0, limit: Int = 100) async throws -> [String] {
                appIDs(try await store.listAuthorizers(AuthorizerQuery(limit: limit, sort: sort, descending: descending, offset: offset)))
            }
            // Names fold case; no name sorts first; ties go by appid.
            #expect(try await order(.name) == ["wx3", "wx2", "wx4", "wx1"])
            #expect(try await order(.name, descending: true) == ["wx1", "wx4", "wx2", "wx3"])
            // Never authorized, and no token, sort first.
            #expect(try await order(.authorizedAt) == ["wx2", "wx3", "wx4", "wx1"])
            #expect(try await order(.tokenExpiry) == ["wx2", "wx3", "wx1", "wx4"])
            #expect(try await order(.tokenExpiry, descending: true) == ["wx4", "wx1", "wx3", "wx2"])
            #expect(try await order(.appID, descending: true) == ["wx4", "wx3", "wx2", "wx1"])
            #expect(try await order(.name, offset: 1, limit: 2) == ["wx2", "wx4"])
            let last = try await store.listAuthorizers(AuthorizerQuery(limit: 2, sort: .authorizedAt, offset: 3))
            #expect(appIDs(last) == ["wx1"])
            #expect(last.totalMatching == 4)
            #expect(last.nextCursor == nil)
            // A later write moves an account in an order already used.
            try await store.updateAuthorizer(appID: "wx2") { record in
                var record = record
                record?.accessTokenExpiresAt = now + 1000
                record?.accessToken = "fresh"
                return record
            }
            #expect(try await order(.tokenExpiry) == ["wx3", "wx1", "wx4", "wx2"])
            await #expect {
                try await store.listAuthorizers(AuthorizerQuery(cursor: AuthorizerCursor.cursor(after: "wx1"), sort: .name))
            } throws: { error in
                guard case StoreError.invalidRequest(let detail) = error else { return false }
                return detail.contains("ascending appid order only")
            }
        }
    }

    @Test(arguments: Kind.available)
    func rawInfo_IsReadApart_KeptByChangesThatLeaveIt_AndGoneWithTheInfo(kind: Kind) async throws {
        try await withStore(kind) { store in
            try await store.updateAuthorizer(appID: "wxa") { _ in StoreFixtures.authorizer("wxa") }
            let raw = StoreFixtures.authorizer("wxa").info?.rawJSON
            #expect(try await store.authorizer(appID: "wxa")?.info?.rawJSON == nil)
            #expect(try await store.rawInfo(appID: "wxa") == raw)
            // A token refresh leaves the info, and so the raw info, as it was.
            try await store.updateAuthorizer(appID: "wxa") { record in
                var record = record
                record?.accessToken = "refreshed"
                return record
            }
            #expect(try await store.rawInfo(appID: "wxa") == raw)
            try await store.updateAuthorizer(appID: "wxa") { record in
                var record = record
                record?.info?.rawJSON = #"{"nick_name":"Renamed"}"#
                return record
            }
            #expect(try await store.rawInfo(appID: "wxa") == #"{"nick_name":"Renamed"}"#)
            try await store.updateAuthorizer(appID: "wxa") { record in
                var record = record
                record?.info = nil
                return record
            }
            #expect(try await store.rawInfo(appID: "wxa") == nil)
            #expect(try await store.rawInfo(appID: "wxnone") == nil)
        }
    }

    @Test(arguments: Kind.available)
    func events_PageOlderByCursor_WithinATimeRange(kind: Kind) async throws {
        try await withStore(kind) { store in
            let now = StoreFixtures.now
            for number in 1 ... 7 {
                try await store.appendEvent(StoreFixtures.event("push.k\(number)", appID: number % 2 == 0 ? "wxa" : "wxb",
                                                                at: now + Double(number) * 60))
            }
            let first = try await store.events(EventQuery(limit: 3))
            #expect(first.events.map(\.id) == [7, 6, 5])
            let second = try await store.events(EventQuery(limit: 3, cursor: try #require(first.olderCursor)))
            #expect(second.events.map(\.id) == [4, 3, 2])
            let third = try await store.events(EventQuery(limit: 3, cursor: try #require(second.olderCursor)))
            #expect(third.events.map(\.id) == [1])
            #expect(third.olderCursor == nil)
            let range = try await store.events(EventQuery(since: now + 120, until: now + 360))
            #expect(range.events.map(\.id) == [5, 4, 3, 2])
            let account = try await store.events(EventQuery(appID: "wxa", limit: 2))
            #expect(account.events.map(\.id) == [6, 4])
            let older = try await store.events(EventQuery(appID: "wxa", limit: 2, cursor: try #require(account.olderCursor)))
            #expect(older.events.map(\.id) == [2])
            await #expect {
                try await store.events(EventQuery(cursor: "bm90IG91cnM"))
            } throws: { error in
                guard case StoreError.invalidRequest = error else { return false }
                return true
            }
        }
    }

    @Test(arguments: Kind.available)
    func events_OlderThanTheRetention_AreGone(kind: Kind) async throws {
        let clock = ManualClock(StoreFixtures.now)
        try await withStore(kind, eventRetention: 10 * 86_400, clock: clock) { store in
            try await store.appendEvent(StoreFixtures.event("push.old", appID: "wxa"))
            clock.advance(by: 5 * 86_400)
            try await store.appendEvent(StoreFixtures.event("push.middle", appID: "wxa", at: clock.now()))
            clock.advance(by: 6 * 86_400)
            try await store.appendEvent(StoreFixtures.event("push.new", appID: "wxa", at: clock.now()))
            #expect(try await store.recentEvents(EventQuery()).map(\.kind) == ["push.new", "push.middle"])
            #expect(try await store.recentEvents(EventQuery(appID: "wxa")).map(\.kind) == ["push.new", "push.middle"])
            #expect(try await store.appendEvent(StoreFixtures.event(at: clock.now())).id == 4)
        }
    }

    @Test(arguments: Kind.available)
    func eventCounts_CountEachHourByKindAndOutcome(kind: Kind) async throws {
        try await withStore(kind) { store in
            let hour = EventHourCount.hour(of: StoreFixtures.now)
            try await store.appendEvent(StoreFixtures.event("token.refreshed", at: hour + 10))
            try await store.appendEvent(StoreFixtures.event("token.refreshed", at: hour + 20))
            try await store.appendEvent(StoreFixtures.event("token.refresh_failed", outcome: "failed", at: hour + 30))
            try await store.appendEvent(StoreFixtures.event("token.refreshed", at: hour + 3600))
            try await store.appendEvent(StoreFixtures.event("token.refreshed", at: hour - 3600))
            #expect(try await store.eventCounts(since: hour) == [
                EventHourCount(hour: hour, kind: "token.refresh_failed", outcome: "failed", count: 1),
                EventHourCount(hour: hour, kind: "token.refreshed", outcome: "ok", count: 2),
                EventHourCount(hour: hour + 3600, kind: "token.refreshed", outcome: "ok", count: 1),
            ])
        }
    }
}
