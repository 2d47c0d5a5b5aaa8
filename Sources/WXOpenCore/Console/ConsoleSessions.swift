import Foundation
import Synchronization
import WeChat
import WXOpenSupport

/// Console sessions, held server-side in memory: a restart signs operators out, and no session
/// secret is ever written to disk. Sessions end after `idleTimeout` without a request.
final class ConsoleSessions: Sendable {
    struct Session: Sendable, Equatable {
        let username: String
        /// Carried by every state-changing form of this session; compared in constant time.
        let csrfToken: String
        let createdAt: Date
        var lastSeen: Date
        /// One message for the next page, e.g. the outcome of an action after its redirect.
        var flash: Flash?
    }

    struct Flash: Sendable, Equatable {
        var ok: Bool
        var message: String
    }

    private let clock: any WallClock
    private let idleTimeout: TimeInterval
    private let capacity: Int
    /// Keyed by the SHA-256 of the session id, never the id: a lookup's timing reveals nothing
    /// about a live id, and a memory dump holds no usable cookie.
    private let sessions = Mutex<[String: Session]>([:])

    init(clock: any WallClock, idleTimeout: TimeInterval, capacity: Int) {
        self.clock = clock
        self.idleTimeout = idleTimeout
        self.capacity = max(1, capacity)
    }

    /// A new session with a fresh random 256-bit id (the cookie value) and CSRF token.
    func create(username: String) -> (id: String, session: Session) {
        let id = Base64URL.encode(Crypto.randomBytes(32))
        let now = clock.now()
        let session = Session(username: username, csrfToken: Base64URL.encode(Crypto.randomBytes(32)), createdAt: now, lastSeen: now)
        sessions.withLock { sessions in
            if sessions.count >= capacity { evict(from: &sessions, now: now) }
            sessions[Self.key(id)] = session
        }
        return (id, session)
    }

    /// The live session for a cookie value, marked as used now; nil when unknown or idle too long.
    func session(for id: String) -> Session? {
        guard Self.isWellFormed(id) else { return nil }
        let key = Self.key(id)
        let now = clock.now()
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return nil }
            guard now.timeIntervalSince(session.lastSeen) < idleTimeout else {
                sessions[key] = nil
                return nil
            }
            session.lastSeen = now
            sessions[key] = session
            return session
        }
    }

    func destroy(_ id: String) {
        guard Self.isWellFormed(id) else { return }
        _ = sessions.withLock { $0.removeValue(forKey: Self.key(id)) }
    }

    func setFlash(_ flash: Flash, for id: String) {
        let key = Self.key(id)
        sessions.withLock { $0[key]?.flash = flash }
    }

    /// The pending message, removed so it is shown once.
    func takeFlash(for id: String) -> Flash? {
        let key = Self.key(id)
        return sessions.withLock { sessions in
            defer { sessions[key]?.flash = nil }
            return sessions[key]?.flash
        }
    }

    var count: Int { sessions.withLock { $0.count } }

    /// Drops expired sessions; when none has expired, the one idle longest.
    private func evict(from sessions: inout [String: Session], now: Date) {
        let before = sessions.count
        sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) < idleTimeout }
        if sessions.count == before, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
            sessions[oldest.key] = nil
        }
    }

    private static func key(_ id: String) -> String { Crypto.sha256Hex(id) }

    /// 32 bytes in unpadded base64url are 43 characters; anything else was never issued.
    private static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 43 && Base64URL.decode(id)?.count == 32
    }
}
