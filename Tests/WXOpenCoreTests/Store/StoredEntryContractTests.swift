import Foundation
import Testing
@testable import WXOpenCore

/// The entries every `Store` keeps (`StoredEntry`), checked against each implementation.
@Suite struct StoredEntryContractTests {
    typealias Kind = StoreContractTests.Kind
    let contract = StoreContractTests()
    let now = StoreFixtures.now
    static let sessions = EntryNamespace("test_sessions", secret: true)

    @Test(arguments: Kind.available)
    func absent_InsertsOnce_AndAnExpiredEntryCountsAsAbsent(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let first = try await store.writeEntry(.replay, key: "k", value: "a", expiresAt: now + 60, now: now, when: .absent)
            let written = try #require(first.entry)
            #expect(written.value == "a")
            let second = try await store.writeEntry(.replay, key: "k", value: "b", expiresAt: now + 60, now: now + 1, when: .absent)
            #expect(second == .refused(current: written))
            #expect(try await store.entry(.replay, key: "k", now: now + 59)?.value == "a")
            #expect(try await store.entry(.replay, key: "k", now: now + 60) == nil)
            let later = try await store.writeEntry(.replay, key: "k", value: "c", expiresAt: now + 200, now: now + 61, when: .absent)
            #expect(later.entry?.value == "c")
        }
    }

    @Test(arguments: Kind.available)
    func version_ComparesAndSwaps_AndIncreasesOnEveryWrite(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let one = try #require(try await store.writeEntry(Self.sessions, key: "s", value: "v1", expiresAt: now + 60, now: now,
                                                               when: .always).entry)
            let two = try #require(try await store.writeEntry(Self.sessions, key: "s", value: "v2", expiresAt: now + 60, now: now,
                                                               when: .version(one.version)).entry)
            #expect(two.version > one.version)
            let stale = try await store.writeEntry(Self.sessions, key: "s", value: "v3", expiresAt: now + 60, now: now,
                                                   when: .version(one.version))
            #expect(stale == .refused(current: two))
            let other = try #require(try await store.writeEntry(Self.sessions, key: "t", value: "x", expiresAt: now + 60, now: now,
                                                                 when: .always).entry)
            #expect(other.version > two.version)
            #expect(try await store.entry(Self.sessions, key: "s", now: now)?.value == "v2")
        }
    }

    @Test(arguments: Kind.available)
    func delete_HonoursTheVersion_AndADeletedVersionIsNeverGivenAgain(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let one = try #require(try await store.writeEntry(.replay, key: "k", value: "", expiresAt: now + 60, now: now, when: .always).entry)
            #expect(try await !store.deleteEntry(.replay, key: "k", ifVersion: one.version + 1))
            #expect(try await store.deleteEntry(.replay, key: "k", ifVersion: one.version))
            #expect(try await !store.deleteEntry(.replay, key: "k", ifVersion: nil))
            let again = try #require(try await store.writeEntry(.replay, key: "k", value: "", expiresAt: now + 60, now: now, when: .absent).entry)
            #expect(again.version > one.version)
        }
    }

    @Test(arguments: Kind.available)
    func namespaces_AreApart(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            try await store.writeEntry(.replay, key: "k", value: "replay", expiresAt: now + 60, now: now, when: .always)
            try await store.writeEntry(Self.sessions, key: "k", value: "session", expiresAt: now + 60, now: now, when: .always)
            #expect(try await store.entry(.replay, key: "k", now: now)?.value == "replay")
            #expect(try await store.entry(Self.sessions, key: "k", now: now)?.value == "session")
        }
    }

    @Test(arguments: Kind.available)
    func writeEntry_IsAtomic_Under100ConcurrentCompareAndSwaps(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            let start = try #require(try await store.writeEntry(.replay, key: "k", value: "0", expiresAt: now + 60, now: now,
                                                                 when: .always).entry)
            let now = now
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await store.writeEntry(.replay, key: "k", value: "\(index)", expiresAt: now + 60, now: now,
                                                   when: .version(start.version)).entry != nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    static let rollouts = EntryNamespace("test_rollouts", secret: false)

    @Test(arguments: Kind.available)
    func entries_ListOneNamespaceByPrefix_InKeyByteOrder_PageByPage(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            // Written out of order, with a key of another prefix, an expired one and a deleted one.
            for key in ["r1/wxc", "r1/wxa", "r2/wxa", "r1/wxB", "r1/wxb", "r1/wxd", "r10/wxa"] {
                try await store.writeEntry(Self.rollouts, key: key, value: "v:" + key, expiresAt: StoredEntry.noExpiry, now: now,
                                           when: .always)
            }
            try await store.writeEntry(Self.rollouts, key: "r1/wxe", value: "gone", expiresAt: now + 10, now: now, when: .always)
            try await store.deleteEntry(Self.rollouts, key: "r1/wxd", ifVersion: nil)
            try await store.writeEntry(Self.sessions, key: "r1/other", value: "x", expiresAt: now + 60, now: now, when: .always)

            let all = try await store.entries(Self.rollouts, keyPrefix: "r1/", after: nil, limit: 100, now: now + 20)
            // Bytes order: "B" (0x42) before "a" (0x61).
            #expect(all.map(\.key) == ["r1/wxB", "r1/wxa", "r1/wxb", "r1/wxc"])
            #expect(all.map(\.value) == ["v:r1/wxB", "v:r1/wxa", "v:r1/wxb", "v:r1/wxc"])
            #expect(all.allSatisfy { $0.namespace == Self.rollouts && $0.expiresAt == StoredEntry.noExpiry })

            let first = try await store.entries(Self.rollouts, keyPrefix: "r1/", after: nil, limit: 2, now: now + 20)
            let second = try await store.entries(Self.rollouts, keyPrefix: "r1/", after: first.last?.key, limit: 2, now: now + 20)
            let third = try await store.entries(Self.rollouts, keyPrefix: "r1/", after: second.last?.key, limit: 2, now: now + 20)
            #expect(first.map(\.key) == ["r1/wxB", "r1/wxa"])
            #expect(second.map(\.key) == ["r1/wxb", "r1/wxc"])
            #expect(third.isEmpty)

            // Before it expires the short-lived one is listed; an empty prefix lists the namespace.
            let early = try await store.entries(Self.rollouts, keyPrefix: "r1/wxe", after: nil, limit: 10, now: now)
            #expect(early.map(\.value) == ["gone"])
            let everything = try await store.entries(Self.rollouts, keyPrefix: "", after: nil, limit: 100, now: now + 20)
            #expect(everything.map(\.key) == ["r1/wxB", "r1/wxa", "r1/wxb", "r1/wxc", "r10/wxa", "r2/wxa"])
            #expect(try await store.entries(Self.rollouts, keyPrefix: "r3/", after: nil, limit: 10, now: now).isEmpty)
        }
    }

    @Test(arguments: Kind.available)
    func entries_OfASecretNamespace_ComeBackOpened(kind: Kind) async throws {
        try await contract.withStore(kind) { store in
            try await store.writeEntry(Self.sessions, key: "a", value: "secret value", expiresAt: now + 60, now: now, when: .always)
            let listed = try await store.entries(Self.sessions, keyPrefix: "", after: nil, limit: 10, now: now)
            #expect(listed.map(\.value) == ["secret value"])
        }
    }
}
