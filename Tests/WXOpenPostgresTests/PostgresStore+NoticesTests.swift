import Foundation
import Synchronization
import Testing
@testable import WXOpenCore
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// Two stores on one schema, as two instances open it: what one writes, the other hears of.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct PostgresStoreNoticesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let logs = MemoryLogSink()

    func open(_ url: String, name: String = "wxopen") async throws -> PostgresStore {
        try await PostgresStore.open(url: url, logger: Logger(level: .debug, sink: logs), clock: ManualClock(now),
                                     configuration: .init(applicationName: name), sleeper: Sleepers.none)
    }

    /// What one store's subscriber heard.
    final class Heard: Sendable {
        private let notices = Mutex<[StoreNotice]>([])
        var all: [StoreNotice] { notices.withLock { $0 } }
        func append(_ notice: StoreNotice) { notices.withLock { $0.append(notice) } }
        func clear() { notices.withLock { $0.removeAll() } }
    }

    /// Waits (up to 10 s) for `heard` to satisfy `condition`.
    func eventually(_ heard: Heard, _ condition: ([StoreNotice]) -> Bool) async throws -> [StoreNotice] {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if condition(heard.all) { return heard.all }
            try await Task.sleep(for: .milliseconds(10))
        }
        return heard.all
    }

    func listening(_ store: PostgresStore) async throws -> Heard {
        let heard = Heard()
        let deadline = ContinuousClock.now + .seconds(10)
        while !store.hasListened.load(ordering: .acquiring), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        store.notices.subscribe { notice in if notice != .everything { heard.append(notice) } }
        return heard
    }

    @Test func writesOfOneInstance_AreHeardByTheOther_AndNotEchoedToItself() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let (a, b) = (try await open(url), try await open(url))
            let (heardA, heardB) = (try await listening(a), try await listening(b))
            try await a.updateAuthorizer(appID: "wxa") { _ in AuthorizerRecord(appID: "wxa", componentAppID: "wxc", updatedAt: now) }
            try await a.saveComponentToken(StoredComponentToken(componentAppID: "wxc", token: "t", obtainedAt: now, expiresAt: now + 60))
            let ticket = EntryNamespace("test_tickets", secret: true, announced: true)
            try await a.writeEntry(ticket, key: "wxa|jsapi", value: "v", expiresAt: now + 60, now: now, when: .always)
            try await a.writeEntry(.replay, key: "push", value: "", expiresAt: now + 60, now: now, when: .always)
            let expected: [StoreNotice] = [.authorizer(appID: "wxa"), .componentToken(componentAppID: "wxc"),
                                           .entry(namespace: "test_tickets", key: "wxa|jsapi")]
            #expect(try await eventually(heardB) { $0.count >= 3 } == expected)
            // A's own writes are published once, locally, not again when the NOTIFY comes back.
            try await Task.sleep(for: .milliseconds(200))
            #expect(heardA.all == expected)
            #expect(heardB.all == expected)
            await a.close()
            await b.close()
        }
    }

    @Test func aListenerThatReconnects_SaysEverything() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let name = "wxopen-notice-" + UUID().uuidString.prefix(8).lowercased()
            let store = try await open(url, name: name)
            _ = try await listening(store)
            let heard = Heard()
            store.notices.subscribe { heard.append($0) }
            try await terminateBackends(url, applicationName: name)
            #expect(try await eventually(heard) { $0.contains(StoreNotice.everything) }.contains(StoreNotice.everything))
            #expect(logs.contains("postgres_listener_reconnected"))
            await store.close()
        }
    }
}
