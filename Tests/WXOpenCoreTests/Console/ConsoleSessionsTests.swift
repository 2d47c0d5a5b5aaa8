import Foundation
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

@Suite struct ConsoleSessionsTests {
    @Test func newSession_HasRandom256BitIdAndToken() {
        let sessions = ConsoleSessions(clock: ManualClock(), idleTimeout: 3600, capacity: 10)
        let (first, session) = sessions.create(username: "operator")
        let (second, other) = sessions.create(username: "operator")
        #expect(Base64URL.decode(first)?.count == 32 && Base64URL.decode(session.csrfToken)?.count == 32)
        #expect(first != second && session.csrfToken != other.csrfToken && first != session.csrfToken)
        #expect(sessions.session(for: first)?.csrfToken == session.csrfToken)
    }

    @Test func idleSession_Expires_AndUseKeepsItAlive() {
        let clock = ManualClock()
        let sessions = ConsoleSessions(clock: clock, idleTimeout: 100, capacity: 10)
        let (id, _) = sessions.create(username: "operator")
        clock.advance(by: 99)
        #expect(sessions.session(for: id) != nil)
        clock.advance(by: 99)
        #expect(sessions.session(for: id) != nil)
        clock.advance(by: 100)
        #expect(sessions.session(for: id) == nil)
        #expect(sessions.count == 0)
    }

    @Test func unknownOrMalformedIds_FindNothing() {
        let sessions = ConsoleSessions(clock: ManualClock(), idleTimeout: 100, capacity: 10)
        let (id, _) = sessions.create(username: "operator")
        for candidate in ["", "x", String(id.dropLast()), String(id.dropLast()) + "A", id + "A"] where candidate != id {
            #expect(sessions.session(for: candidate) == nil)
        }
    }

    @Test func atCapacity_TheSessionIdleLongestGoes() {
        let clock = ManualClock()
        let sessions = ConsoleSessions(clock: clock, idleTimeout: 3600, capacity: 2)
        let (oldest, _) = sessions.create(username: "a")
        clock.advance(by: 1)
        let (middle, _) = sessions.create(username: "b")
        clock.advance(by: 1)
        _ = sessions.session(for: oldest)
        let (newest, _) = sessions.create(username: "c")
        #expect(sessions.count == 2)
        #expect(sessions.session(for: middle) == nil)
        #expect(sessions.session(for: oldest) != nil && sessions.session(for: newest) != nil)
    }

    @Test func flash_IsShownOnce() {
        let sessions = ConsoleSessions(clock: ManualClock(), idleTimeout: 3600, capacity: 2)
        let (id, _) = sessions.create(username: "a")
        sessions.setFlash(.init(ok: true, message: "done"), for: id)
        #expect(sessions.takeFlash(for: id) == .init(ok: true, message: "done"))
        #expect(sessions.takeFlash(for: id) == nil)
    }
}
