import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

/// What every `Store` promises, checked against each implementation (`StoreBackend`): memory,
/// file and PostgreSQL, with and without a store key.
@Suite struct StoreContractTests {
    typealias Kind = StoreBackend

    /// Runs `body` with a fresh store of `kind`, closing and removing it afterwards.
    func withStore(_ kind: Kind, eventRetention: TimeInterval = 90 * 86_400, clock: ManualClock = ManualClock(StoreFixtures.now),
                   _ body: (any Store) async throws -> Void) async throws {
        try await kind.withStore(eventRetention: eventRetention, clock: clock, body)
    }

    @Test(arguments: Kind.available)
    func ticket_RoundTrips_PerComponent(kind: Kind) async throws {
        try await withStore(kind) { store in
            try await store.saveTicket(StoreFixtures.ticket("ticket-one"))
            try await store.saveTicket(StoreFixtures.ticket("ticket-two", component: "wxcomponent0002"))
            #expect(try await store.ticket(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.ticket("ticket-one"))
            #expect(try await store.ticket(componentAppID: "wxcomponent0002") == StoreFixtures.ticket("ticket-two", component: "wxcomponent0002"))
            #expect(try await store.ticket(componentAppID: "wxnone") == nil)
        }
    }

    /// Issue 11.1: ordered by our clock (`receivedAt`), never by WeChat's `createTime`.
    @Test(arguments: Kind.available)
    func saveTicket_KeepsTheLatestReceived_WhateverItsCreateTime(kind: Kind) async throws {
        try await withStore(kind) { store throws in
            let now = StoreFixtures.now
            let future = StoredTicket(componentAppID: StoreFixtures.componentAppID, ticket: "dated-2100", receivedAt: now,
                                      createTime: Date(timeIntervalSince1970: 4_102_444_800))
            #expect(try await store.saveTicket(future) == .stored(replaced: nil))
            let later = StoredTicket(componentAppID: StoreFixtures.componentAppID, ticket: "received-later", receivedAt: now + 600,
                                     createTime: now + 600)
            #expect(try await store.saveTicket(later) == .stored(replaced: future))
            let earlier = StoredTicket(componentAppID: StoreFixtures.componentAppID, ticket: "received-earlier", receivedAt: now + 300,
                                       createTime: now + 900)
            #expect(try await store.saveTicket(earlier) == .kept(later))
            #expect(try await store.ticket(componentAppID: StoreFixtures.componentAppID) == later)
        }
    }

    @Test(arguments: Kind.available)
    func insertReplayKey_InsertsOnce_UntilTheKeyExpires(kind: Kind) async throws {
        try await withStore(kind) { store throws in
            let now = StoreFixtures.now
            #expect(try await store.insertReplayKey("sig-a", expiresAt: now + 360, now: now))
            #expect(try await !store.insertReplayKey("sig-a", expiresAt: now + 400, now: now + 359))
            #expect(try await store.insertReplayKey("sig-b", expiresAt: now + 360, now: now))
            // Expired: absent again, and replaced.
            #expect(try await store.insertReplayKey("sig-a", expiresAt: now + 720, now: now + 360))
            #expect(try await !store.insertReplayKey("sig-a", expiresAt: now + 720, now: now + 700))
        }
    }

    @Test(arguments: Kind.available)
    func insertReplayKey_IsAtomic_Under100ConcurrentInserts(kind: Kind) async throws {
        try await withStore(kind) { store in
            let inserted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0 ..< 100 {
                    group.addTask { try await store.insertReplayKey("sig-race", expiresAt: StoreFixtures.now + 360, now: StoreFixtures.now) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(inserted == 1)
        }
    }

    @Test(arguments: Kind.available)
    func removeReplayKey_LetsTheKeyBeInsertedAgain(kind: Kind) async throws {
        try await withStore(kind) { store throws in
            let now = StoreFixtures.now
            #expect(try await store.insertReplayKey("sig-a", expiresAt: now + 360, now: now))
            try await store.removeReplayKey("sig-a")
            try await store.removeReplayKey("sig-never-inserted")
            #expect(try await store.insertReplayKey("sig-a", expiresAt: now + 360, now: now))
        }
    }

    @Test(arguments: Kind.available)
    func componentToken_RoundTrips(kind: Kind) async throws {
        try await withStore(kind) { store in
            try await store.saveComponentToken(StoreFixtures.componentToken())
            #expect(try await store.componentToken(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.componentToken())
        }
    }

    @Test(arguments: Kind.available)
    func deleteComponentToken_RemovesOnlyTheTokenGiven(kind: Kind) async throws {
        try await withStore(kind) { store in
            try await store.saveComponentToken(StoreFixtures.componentToken("newer-token"))
            try await store.deleteComponentToken(componentAppID: StoreFixtures.componentAppID, ifToken: "older-token")
            #expect(try await store.componentToken(componentAppID: StoreFixtures.componentAppID)?.token == "newer-token")
            try await store.deleteComponentToken(componentAppID: StoreFixtures.componentAppID, ifToken: "newer-token")
            #expect(try await store.componentToken(componentAppID: StoreFixtures.componentAppID) == nil)
        }
    }

    @Test(arguments: Kind.available)
    func authorizer_RoundTripsEveryField(kind: Kind) async throws {
        try await withStore(kind) { store in
            let record = StoreFixtures.authorizer("wxapp0001")
            let returned = try await store.updateAuthorizer(appID: "wxapp0001") { current in
                #expect(current == nil)
                return record
            }
            #expect(returned == record.asRead)
            #expect(try await store.authorizer(appID: "wxapp0001") == record.asRead)
            #expect(try await store.rawInfo(appID: "wxapp0001") == record.info?.rawJSON)
        }
    }

    @Test(arguments: Kind.available)
    func updateAuthorizer_ReturningNil_LeavesTheRecord(kind: Kind) async throws {
        try await withStore(kind) { store in
            let record = StoreFixtures.authorizer("wxapp0001")
            try await store.updateAuthorizer(appID: "wxapp0001") { _ in record }
            let returned = try await store.updateAuthorizer(appID: "wxapp0001") { _ in nil }
            #expect(returned == record.asRead)
            #expect(try await store.authorizer(appID: "wxapp0001") == record.asRead)
        }
    }

    @Test(arguments: Kind.available)
    func updateAuthorizer_PersistsWhatItIsGiven_EvenAnEmptyRefreshToken(kind: Kind) async throws {
        try await withStore(kind) { store in
            var edited = StoreFixtures.authorizer("wxapp0001")
            edited.refreshToken = ""
            edited.accessToken = nil
            let record = edited
            try await store.updateAuthorizer(appID: "wxapp0001") { _ in record }
            #expect(try await store.authorizer(appID: "wxapp0001") == record.asRead)
        }
    }

    @Test(arguments: Kind.available)
    func updateAuthorizer_Throws_WhenTheChangeReturnsAnotherAppID(kind: Kind) async throws {
        try await withStore(kind) { store throws in
            await #expect {
                try await store.updateAuthorizer(appID: "wxapp0001") { _ in StoreFixtures.authorizer("wxapp0002") }
            } throws: { error in
                guard case StoreError.invalidRequest(let detail) = error else { return false }
                return detail.contains("returned a record for wxapp0002")
            }
            #expect(try await store.authorizer(appID: "wxapp0001") == nil)
            #expect(try await store.authorizer(appID: "wxapp0002") == nil)
        }
    }

    struct ChangeFailed: Error, Equatable {}

    @Test(arguments: Kind.available)
    func updateAuthorizer_RethrowsTheChangesError_AndWritesNothing(kind: Kind) async throws {
        try await withStore(kind) { store in
            let record = StoreFixtures.authorizer("wxapp0001")
            try await store.updateAuthorizer(appID: "wxapp0001") { _ in record }
            await #expect(throws: ChangeFailed()) {
                try await store.updateAuthorizer(appID: "wxapp0001") { _ in throw ChangeFailed() }
            }
            #expect(try await store.authorizer(appID: "wxapp0001") == record.asRead)
        }
    }

    @Test(arguments: Kind.available)
    func updateAuthorizer_IsAtomic_Under100ConcurrentIncrements(kind: Kind) async throws {
        try await withStore(kind) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0 ..< 100 {
                    group.addTask {
                        try await store.updateAuthorizer(appID: "wxcounter") { current in
                            var record = current ?? StoreFixtures.authorizer("wxcounter")
                            record.funcInfo = (current?.funcInfo ?? []) + [number]
                            return record
                        }
                    }
                }
                try await group.waitForAll()
            }
            let record = try #require(try await store.authorizer(appID: "wxcounter"))
            #expect(record.funcInfo.sorted() == Array(0 ..< 100))
        }
    }

    @Test(arguments: Kind.available)
    func appendEvent_AssignsIncreasingIDs(kind: Kind) async throws {
        try await withStore(kind) { store in
            let first = try await store.appendEvent(StoreFixtures.event("push.component_verify_ticket", appID: nil))
            let second = try await store.appendEvent(StoreFixtures.event("token.refreshed"))
            #expect(first.id == 1)
            #expect(second.id == 2)
            #expect(second.kind == "token.refreshed")
            #expect(try await store.recentEvents(EventQuery()) == [second, first])
        }
    }

    @Test(arguments: Kind.available)
    func listAndCounts_SeeEveryWrite(kind: Kind) async throws {
        try await withStore(kind) { store in
            for (appID, status) in [("wxb", AuthorizerStatus.revoked), ("wxa", .authorized), ("wxc", .authorized)] {
                try await store.updateAuthorizer(appID: appID) { _ in StoreFixtures.authorizer(appID, status: status) }
            }
            let page = try await store.listAuthorizers(AuthorizerQuery(status: .authorized))
            #expect(page.authorizers.map(\.appID) == ["wxa", "wxc"])
            #expect(page.totalMatching == 2)
            #expect(try await store.authorizerCounts() == AuthorizerCounts(
                byStatus: [.authorized: 2, .revoked: 1], byType: [.officialAccount: 3], total: 3))
        }
    }
}
