import Foundation
import Synchronization
import WeChat
import WXOpenSupport

/// Console sessions, kept in the store (entries in `console_session`, sealed like tokens, keyed
/// by the SHA-256 of the session id, never the id): a restart does not sign operators out, and
/// every instance behind a load balancer knows every session. Sessions end after `idleTimeout`
/// without a request.
final class ConsoleSessions: Sendable {
    static let namespace = EntryNamespace("console_session", secret: true)

    struct Session: Codable, Sendable, Equatable {
        let username: String
        /// Carried by every state-changing form of this session; compared in constant time.
        let csrfToken: String
        let createdAt: Date
        var lastSeen: Date
        /// One message for the next page, e.g. the outcome of an action after its redirect.
        var flash: Flash?
    }

    struct Flash: Codable, Sendable, Equatable {
        var ok: Bool
        var message: String
    }

    private let store: any Store
    private let clock: any WallClock
    private let idleTimeout: TimeInterval
    private let logger: Logger
    /// The sessions this instance signed in or served, least recently used first out (each
    /// costs a few hundred bytes of store; a session needs the password, so this bound is a
    /// backstop).
    private let budget: Mutex<EntryBudget>

    init(store: any Store, clock: any WallClock, idleTimeout: TimeInterval, capacity: Int, logger: Logger = .discard) {
        self.store = store
        self.clock = clock
        self.idleTimeout = idleTimeout
        self.logger = logger
        budget = Mutex(EntryBudget(capacity: capacity))
    }

    /// A use moves `lastSeen` in the store only when it is older than this, so a page view is
    /// not a write: the idle timeout is then kept to within this much.
    var touchInterval: TimeInterval { min(60, idleTimeout / 10) }

    /// A new session with a fresh random 256-bit id (the cookie value) and CSRF token, stored.
    func create(username: String) async throws -> (id: String, session: Session) {
        let id = Base64URL.encode(Crypto.randomBytes(32))
        let now = clock.now()
        let session = Session(username: username, csrfToken: Base64URL.encode(Crypto.randomBytes(32)), createdAt: now, lastSeen: now)
        try await store.writeEntry(Self.namespace, key: Self.key(id), value: EntryJSON.encode(session), expiresAt: now + idleTimeout,
                                   now: now, when: .always)
        await used(Self.key(id), at: now)
        return (id, session)
    }

    /// The live session for a cookie value, marked as used now; nil when unknown or idle too
    /// long. With `takingFlash`, its pending message comes along and is removed (shown once).
    func session(for id: String, takingFlash: Bool = false) async throws -> (session: Session, flash: Flash?)? {
        guard Self.isWellFormed(id) else { return nil }
        let key = Self.key(id)
        for _ in 0..<4 {
            let now = clock.now()
            guard let entry = try await store.entry(Self.namespace, key: key, now: now),
                  var session = EntryJSON.decode(Session.self, from: entry), now.timeIntervalSince(session.lastSeen) < idleTimeout else {
                budget.withLock { $0.forget(key) }
                return nil
            }
            let flash = takingFlash ? session.flash : nil
            let touch = now.timeIntervalSince(session.lastSeen) >= touchInterval
            guard flash != nil || touch else {
                await used(key, at: now)
                return (session, nil)
            }
            if touch { session.lastSeen = now }
            if flash != nil { session.flash = nil }
            let write = try await store.writeEntry(Self.namespace, key: key, value: EntryJSON.encode(session),
                                                   expiresAt: session.lastSeen + idleTimeout, now: now, when: .version(entry.version))
            // Another request changed it meanwhile: look again, so a message is shown once.
            guard write.entry != nil else { continue }
            await used(key, at: now)
            return (session, flash)
        }
        return nil
    }

    func destroy(_ id: String) async throws {
        guard Self.isWellFormed(id) else { return }
        try await store.deleteEntry(Self.namespace, key: Self.key(id), ifVersion: nil)
        budget.withLock { $0.forget(Self.key(id)) }
    }

    /// Leaves a message for the session's next page. A message that cannot be stored (the store
    /// is down) is only logged: the action it reports on has happened either way.
    func setFlash(_ flash: Flash, for id: String) async {
        let key = Self.key(id)
        do {
            for _ in 0..<4 {
                let now = clock.now()
                guard let entry = try await store.entry(Self.namespace, key: key, now: now),
                      var session = EntryJSON.decode(Session.self, from: entry) else { return }
                session.flash = flash
                let write = try await store.writeEntry(Self.namespace, key: key, value: EntryJSON.encode(session), expiresAt: entry.expiresAt,
                                                       now: now, when: .version(entry.version))
                if write.entry != nil { return }
            }
        } catch {
            logger.warning("console_flash_lost", ["error": "\(error)"])
        }
    }

    /// The pending message, removed so it is shown once.
    func takeFlash(for id: String) async throws -> Flash? {
        try await session(for: id, takingFlash: true)?.flash
    }

    /// Sessions this instance holds.
    var count: Int { budget.withLock { $0.count } }

    /// Notes a use; past the capacity, the session used least recently is ended.
    private func used(_ key: String, at now: Date) async {
        for evicted in budget.withLock({ $0.use(key, until: now + idleTimeout, now: now) }) {
            _ = try? await store.deleteEntry(Self.namespace, key: evicted, ifVersion: nil)
        }
    }

    private static func key(_ id: String) -> String { Crypto.sha256Hex(id) }

    /// 32 bytes in unpadded base64url are 43 characters; anything else was never issued.
    private static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 43 && Base64URL.decode(id)?.count == 32
    }
}
