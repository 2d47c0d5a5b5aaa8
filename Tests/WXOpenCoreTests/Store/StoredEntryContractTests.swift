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
}
