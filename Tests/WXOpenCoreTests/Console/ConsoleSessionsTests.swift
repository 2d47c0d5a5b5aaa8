import Foundation
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

@Suite struct ConsoleSessionsTests {
    func sessions(_ clock: ManualClock = ManualClock(), idleTimeout: TimeInterval = 3600, capacity: Int = 10,
                  store: any Store = MemoryStore()) -> ConsoleSessions {
        ConsoleSessions(store: store, clock: clock, idleTimeout: idleTimeout, capacity: capacity)
    }

    @Test func newSession_HasRandom256BitIdAndToken() async throws {
        let sessions = sessions()
        let (first, session) = try await sessions.create(username: "operator")
        let (second, other) = try await sessions.create(username: "operator")
        #expect(Base64URL.decode(first)?.count == 32 && Base64URL.decode(session.csrfToken)?.count == 32)
        #expect(first != second && session.csrfToken != other.csrfToken && first != session.csrfToken)
        #expect(try await sessions.session(for: first)?.session.csrfToken == session.csrfToken)
    }

    @Test func idleSession_Expires_AndUseKeepsItAlive() async throws {
        let clock = ManualClock()
        let sessions = sessions(clock, idleTimeout: 100)
        let (id, _) = try await sessions.create(username: "operator")
        clock.advance(by: 99)
        #expect(try await sessions.session(for: id) != nil)
        clock.advance(by: 99)
        #expect(try await sessions.session(for: id) != nil)
        clock.advance(by: 100)
        #expect(try await sessions.session(for: id) == nil)
        #expect(sessions.count == 0)
    }

    @Test func unknownOrMalformedIds_FindNothing() async throws {
        let sessions = sessions(idleTimeout: 100)
        let (id, _) = try await sessions.create(username: "operator")
        for candidate in ["", "x", String(id.dropLast()), String(id.dropLast()) + "A", id + "A"] where candidate != id {
            #expect(try await sessions.session(for: candidate) == nil)
        }
    }

    @Test func atCapacity_TheSessionIdleLongestGoes() async throws {
        let clock = ManualClock()
        let sessions = sessions(clock, capacity: 2)
        let (oldest, _) = try await sessions.create(username: "a")
        clock.advance(by: 1)
        let (middle, _) = try await sessions.create(username: "b")
        clock.advance(by: 1)
        _ = try await sessions.session(for: oldest)
        let (newest, _) = try await sessions.create(username: "c")
        #expect(sessions.count == 2)
        #expect(try await sessions.session(for: middle) == nil)
        #expect(try await sessions.session(for: oldest) != nil)
        #expect(try await sessions.session(for: newest) != nil)
    }

    @Test func flash_IsShownOnce() async throws {
        let sessions = sessions(capacity: 2)
        let (id, _) = try await sessions.create(username: "a")
        await sessions.setFlash(.init(ok: true, message: "done"), for: id)
        #expect(try await sessions.takeFlash(for: id) == .init(ok: true, message: "done"))
        #expect(try await sessions.takeFlash(for: id) == nil)
    }

    @Test(arguments: StoreBackend.available)
    func sessions_AreKeptSealed_UnderTheDigestOfTheirId_NeverTheId(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let sessions = sessions(ManualClock(StoreFixtures.now), store: store)
            let (id, session) = try await sessions.create(username: "operator")
            #expect(try await store.entry(ConsoleSessions.namespace, key: id, now: StoreFixtures.now) == nil)
            let entry = try #require(try await store.entry(ConsoleSessions.namespace, key: Crypto.sha256Hex(id), now: StoreFixtures.now))
            #expect(entry.value.contains(session.csrfToken), "opened on read")
            #expect(ConsoleSessions.namespace.isSecret)
            // A second instance on the same store knows the session.
            let other = self.sessions(ManualClock(StoreFixtures.now), store: store)
            #expect(try await other.session(for: id)?.session.username == "operator")
        }
    }

    @Test func aPageView_WritesTheStore_OnlyOnceATouchIntervalHasPassed() async throws {
        let clock = ManualClock(), store = MemoryStore()
        let sessions = sessions(clock, idleTimeout: 3600, store: store)
        let (id, _) = try await sessions.create(username: "operator")
        let key = Crypto.sha256Hex(id)
        let created = try #require(try await store.entry(ConsoleSessions.namespace, key: key, now: clock.now())?.version)
        clock.advance(by: sessions.touchInterval - 1)
        _ = try await sessions.session(for: id)
        #expect(try await store.entry(ConsoleSessions.namespace, key: key, now: clock.now())?.version == created)
        clock.advance(by: 1)
        _ = try await sessions.session(for: id)
        let touched = try #require(try await store.entry(ConsoleSessions.namespace, key: key, now: clock.now()))
        #expect(touched.version > created && touched.expiresAt == clock.now() + 3600)
    }
}
