import Foundation
import Testing
import WeChat
import WXOpenTesting
@testable import WXOpenCore

/// The table behind login states and tickets, in the store: single use, expiry, bounds.
@Suite struct ExpiringTableTests {
    let start = StoreFixtures.now
    static let namespace = EntryNamespace("test_login_secrets", secret: true)

    func table(_ store: any Store = MemoryStore(), capacity: Int = 10) -> ExpiringTable<Int> {
        ExpiringTable(store: store, namespace: Self.namespace, lifetime: 60, capacity: capacity, kind: .loginTicket, clock: ManualClock(start))
    }

    @Test(arguments: StoreBackend.available)
    func value_IsTakenOnce_ThenReportedUsed(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let table = table(store)
            try await table.insert("secret-a", 1, now: start)
            guard case .value(1) = try await table.take("secret-a", now: start + 59) else { Issue.record("not taken"); return }
            guard case .used = try await table.take("secret-a", now: start + 59) else { Issue.record("not used"); return }
            guard case .unknown = try await table.take("secret-b", now: start) else { Issue.record("not unknown"); return }
            // The store holds the secret's digest, never the secret.
            #expect(try await store.entry(Self.namespace, key: "secret-a", now: start) == nil)
            #expect(try await store.entry(Self.namespace, key: Crypto.sha256Hex("secret-a"), now: start) != nil)
        }
    }

    @Test func insertedValue_GetsANewSecretOfTheKind_AndAMalformedOneIsUnknown() async throws {
        let table = table()
        let secret = try await table.insert(7)
        #expect(WebLoginSecrets.isTicket(secret))
        #expect(try await table.insert(8) != secret)
        guard case .unknown = try await table.take("not a ticket") else { Issue.record("a malformed secret was looked up"); return }
        guard case .value(7) = try await table.take(secret) else { Issue.record("not taken"); return }
    }

    @Test func value_Expires_AtItsLifetime_ThenIsForgottenAfterAnother() async throws {
        let table = table()
        try await table.insert("a", 1, now: start)
        try await table.insert("b", 2, now: start)
        guard case .expired = try await table.take("a", now: start + 60) else { Issue.record("not expired"); return }
        guard case .unknown = try await table.take("b", now: start + 120) else { Issue.record("not forgotten"); return }
        #expect(table.count == 0)
    }

    @Test func full_DropsTheOldestEntry() async throws {
        let table = table(capacity: 3)
        for (index, secret) in ["a", "b", "c", "d"].enumerated() { try await table.insert(secret, index, now: start) }
        #expect(table.count == 3)
        guard case .unknown = try await table.take("a", now: start) else { Issue.record("oldest kept"); return }
        guard case .value(3) = try await table.take("d", now: start) else { Issue.record("newest lost"); return }
    }

    @Test func manyInsertions_StayBounded_ByCapacityOrLifetime() async throws {
        let table = table(capacity: 1000)
        for index in 0..<5000 { try await table.insert("s\(index)", index, now: start + Double(index) * 0.1) }
        #expect(table.count == 1000)
        try await table.insert("late", 0, now: start + 10_000)
        #expect(table.count == 1)
    }

    @Test func twoInstancesTakingAtOnce_OneGetsTheValue() async throws {
        let store = MemoryStore()
        let (one, two) = (table(store), table(store))
        try await one.insert("shared", 7, now: start)
        async let first = one.take("shared", now: start + 1)
        async let second = two.take("shared", now: start + 1)
        let outcomes = try await [first, second]
        #expect(outcomes.filter { if case .value(7) = $0 { true } else { false } }.count == 1)
        #expect(outcomes.filter { if case .used = $0 { true } else { false } }.count == 1)
    }
}
