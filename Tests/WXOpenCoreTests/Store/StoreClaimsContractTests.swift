import Foundation
import Synchronization
import Testing
@testable import WXOpenCore

/// `claimEntries` and `notices`, what several instances on one store coordinate with, checked
/// against every implementation.
@Suite struct StoreClaimsContractTests {
    typealias Kind = StoreContractTests.Kind
    let contract = StoreContractTests()
    let now = StoreFixtures.now
    static let claims = EntryNamespace("test_claims", secret: false)
    static let cached = EntryNamespace("test_cached", secret: true, announced: true)

    @Test(arguments: Kind.available)
    func claim_TakesTheFreeKeys_SkipsLiveOnes_AndRetakesExpiredOnes(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            try await store.writeEntry(Self.claims, key: "held", value: "other", expiresAt: now + 30, now: now, when: .always)
            try await store.writeEntry(Self.claims, key: "expired", value: "dead", expiresAt: now - 1, now: now - 31, when: .always)
            let claimed = try await store.claimEntries(Self.claims, keys: ["a", "held", "expired", "b", "a"], value: "me",
                                                       expiresAt: now + 60, now: now)
            #expect(claimed.map(\.key) == ["a", "expired", "b"])
            #expect(claimed.allSatisfy { $0.value == "me" && $0.expiresAt == now + 60 })
            #expect(try await store.entry(Self.claims, key: "held", now: now)?.value == "other")
            let expired = try #require(try await store.entry(Self.claims, key: "expired", now: now))
            #expect(expired.value == "me" && expired.version == claimed[1].version)
            // A claim is an entry like any other: released by its version.
            #expect(try await store.deleteEntry(Self.claims, key: "a", ifVersion: claimed[0].version))
            #expect(try await store.claimEntries(Self.claims, keys: ["a", "b"], value: "again", expiresAt: now + 60, now: now + 1)
                .map(\.key) == ["a"])
        }
    }

    @Test(arguments: Kind.available)
    func concurrentClaims_GiveEachKeyToOneClaimant(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let keys = (0..<60).map { "account-\($0)" }
            let won = try await withThrowingTaskGroup(of: [String].self) { group in
                for claimant in 0..<4 {
                    group.addTask {
                        var mine: [String] = []
                        for batch in stride(from: 0, to: keys.count, by: 10) {
                            mine += try await store.claimEntries(Self.claims, keys: Array(keys[batch ..< batch + 10]), value: "c\(claimant)",
                                                                 expiresAt: now + 60, now: now).map(\.key)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(won.sorted() == keys.sorted(), "every key claimed exactly once")
        }
    }

    @Test(arguments: Kind.available)
    func notices_NameEachTokenWrite_AndOnlyAnnouncedEntries(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let heard = Mutex<[StoreNotice]>([])
            let subscription = store.notices.subscribe { notice in
                if notice != .everything { heard.withLock { $0.append(notice) } }
            }
            try await store.saveTicket(StoreFixtures.ticket())
            try await store.saveComponentToken(StoreFixtures.componentToken())
            try await store.deleteComponentToken(componentAppID: StoreFixtures.componentAppID, ifToken: "not-the-token")
            try await store.deleteComponentToken(componentAppID: StoreFixtures.componentAppID, ifToken: "component-token-secret-value")
            try await store.updateAuthorizer(appID: "wxa") { _ in StoreFixtures.authorizer("wxa") }
            try await store.updateAuthorizer(appID: "wxa") { _ in nil }
            try await store.writeEntry(.replay, key: "push", value: "", expiresAt: now + 60, now: now, when: .always)
            try await store.writeEntry(Self.cached, key: "k", value: "v", expiresAt: now + 60, now: now, when: .always)
            try await store.deleteEntry(Self.cached, key: "k", ifVersion: nil)
            try await store.appendEvent(EventRecord(at: now, kind: "test"))
            store.notices.unsubscribe(subscription)
            try await store.updateAuthorizer(appID: "wxb") { _ in StoreFixtures.authorizer("wxb") }
            let component = StoreFixtures.componentAppID
            #expect(heard.withLock { $0 } == [
                .ticket(componentAppID: component), .componentToken(componentAppID: component), .componentToken(componentAppID: component),
                .authorizer(appID: "wxa"), .entry(namespace: "test_cached", key: "k"), .entry(namespace: "test_cached", key: "k"),
            ])
        }
    }
}
