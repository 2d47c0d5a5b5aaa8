import Foundation
import HTTPServer
import Synchronization
import WXOpenSupport

/// The API keys in force: the configuration's, plus the keys file's, which is read again when it
/// changes (looked at no more than every `reloadInterval`), so keys are added and revoked without
/// a restart. Knows when each key was last used, and refuses expired ones.
public final class APIKeyRing: Sendable {
    /// How often the keys file is looked at (one `stat`); a revoked key stops working within it.
    public static let reloadInterval: TimeInterval = 2

    /// One key as the console lists it.
    public struct KeyStatus: Sendable, Equatable {
        public enum Source: String, Sendable { case configuration, file }
        public var name: String
        public var source: Source
        public var createdAt: Date?
        public var expiresAt: Date?
        public var lastUsedAt: Date?
    }

    /// Last use in whole seconds since 1970 (0: never), written without a lock on every request.
    final class Usage: Sendable {
        let seconds = Atomic<Int64>(0)
    }

    /// The keys in force, swapped whole on a reload: what `authenticate` reads under the lock is
    /// one reference. `usage[i]` is the record of `authenticator.configuredKeys[i]`.
    private final class Snapshot: Sendable {
        let authenticator: APIKeyAuthenticator
        let usage: [Usage]

        init(_ authenticator: APIKeyAuthenticator, usage: [Usage]) {
            self.authenticator = authenticator
            self.usage = usage
        }
    }

    private struct State {
        var snapshot: Snapshot
        var fileKeys: [Configuration.APIKey]
        var fileVersion: [Int]?
        var nextCheck: Date
    }

    let configured: [Configuration.APIKey]
    public let file: APIKeysFile?
    private let clock: any WallClock
    private let logger: Logger
    private let state: Mutex<State>
    private let usage: Mutex<[String: Usage]>

    public init(configured: [Configuration.APIKey], file: APIKeysFile? = nil, clock: any WallClock = SystemClock(),
                logger: Logger = .discard) {
        self.configured = configured
        self.file = file
        self.clock = clock
        self.logger = logger
        usage = Mutex([:])
        state = Mutex(State(snapshot: Snapshot(APIKeyAuthenticator(keys: []), usage: []), fileKeys: [], fileVersion: nil,
                            nextCheck: .distantPast))
        let snapshot = Self.snapshot(of: configured, usage: usage)
        state.withLock { $0.snapshot = snapshot }
        reloadIfChanged(force: true)
    }

    /// Fixed keys, no file.
    public convenience init(authenticator: APIKeyAuthenticator) {
        self.init(configured: authenticator.configuredKeys)
    }

    public func authenticate(_ request: HTTPRequest) -> APIKeyAuthenticator.Outcome {
        let now = clock.now()
        var (snapshot, due) = state.withLock { ($0.snapshot, file != nil && $0.nextCheck <= now) }
        if due {
            reloadIfChanged(force: false)
            snapshot = state.withLock { $0.snapshot }
        }
        let index: Int
        switch snapshot.authenticator.match(request) {
        case .key(let matched): index = matched
        case .missing: return .missing
        case .rejected: return .rejected
        case .ambiguous: return .ambiguous
        }
        let key = snapshot.authenticator.configuredKeys[index]
        if let expires = key.expiresAt, expires <= now { return .expired(name: key.name) }
        snapshot.usage[index].seconds.store(Int64(now.timeIntervalSince1970), ordering: .relaxed)
        return .accepted(name: key.name)
    }

    /// Every key in force, configuration first, with when it was last used.
    public var keys: [KeyStatus] {
        let (fileKeys, _) = state.withLock { ($0.fileKeys, $0.fileVersion) }
        func status(_ key: Configuration.APIKey, _ source: KeyStatus.Source) -> KeyStatus {
            let seconds = usageRecord(key.name).seconds.load(ordering: .relaxed)
            return KeyStatus(name: key.name, source: source, createdAt: key.createdAt, expiresAt: key.expiresAt,
                             lastUsedAt: seconds > 0 ? Date(timeIntervalSince1970: TimeInterval(seconds)) : nil)
        }
        return configured.map { status($0, .configuration) } + fileKeys.map { status($0, .file) }
    }

    public enum ChangeError: Error, CustomStringConvertible, Equatable {
        case noKeysFile
        case nameTaken(String)
        case invalidName
        case notInFile(String)
        case file(APIKeysFile.Failure)

        public var description: String {
            switch self {
            case .noKeysFile: "no keys file is configured (set \"apiKeysFile\"); keys in the configuration change with it"
            case .nameTaken(let name): "a key named \(name) exists already"
            case .invalidName: "a key name is 1–64 letters, digits, '-', '_' or '.'"
            case .notInFile(let name): "no key named \(name) in the keys file (keys in the configuration are revoked there)"
            case .file(let failure): failure.description
            }
        }
    }

    /// Adds a key to the keys file and returns it: the only time it is ever shown.
    public func add(name: String, expiresAt: Date?) throws(ChangeError) -> String {
        guard let file else { throw .noKeysFile }
        guard Self.isValidName(name) else { throw .invalidName }
        do {
            var keys = try file.read()
            guard !keys.contains(where: { $0.name == name }), !configured.contains(where: { $0.name == name }) else { throw ChangeError.nameTaken(name) }
            let (key, hash) = APIKeyAuthenticator.makeKey()
            keys.append(Configuration.APIKey(name: name, sha256: hash, expiresAt: expiresAt, createdAt: clock.now()))
            try file.write(keys)
            reloadIfChanged(force: true)
            logger.info("api_key_added", ["key": name, "expires_at": expiresAt.map { RFC3339.format($0) } ?? "never"])
            return key
        } catch let error as ChangeError {
            throw error
        } catch let error as APIKeysFile.Failure {
            throw .file(error)
        } catch {
            preconditionFailure("APIKeyRing.add: unexpected \(error)")
        }
    }

    /// Removes a key from the keys file; it stops working at once on this instance and within
    /// `reloadInterval` on others watching the same file.
    public func revoke(name: String) throws(ChangeError) {
        guard let file else { throw .noKeysFile }
        do {
            var keys = try file.read()
            guard keys.contains(where: { $0.name == name }) else { throw ChangeError.notInFile(name) }
            keys.removeAll { $0.name == name }
            try file.write(keys)
            reloadIfChanged(force: true)
            logger.info("api_key_revoked", ["key": name])
        } catch let error as ChangeError {
            throw error
        } catch let error as APIKeysFile.Failure {
            throw .file(error)
        } catch {
            preconditionFailure("APIKeyRing.revoke: unexpected \(error)")
        }
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    private func usageRecord(_ name: String) -> Usage { Self.usageRecord(name, in: usage) }

    /// The one record of `name`'s last use, created on first sight; it outlives reloads.
    private static func usageRecord(_ name: String, in usage: borrowing Mutex<[String: Usage]>) -> Usage {
        usage.withLock { table in
            if let existing = table[name] { return existing }
            let created = Usage()
            table[name] = created
            return created
        }
    }

    private static func snapshot(of keys: [Configuration.APIKey], usage: borrowing Mutex<[String: Usage]>) -> Snapshot {
        Snapshot(APIKeyAuthenticator(keys: keys), usage: keys.map { usageRecord($0.name, in: usage) })
    }

    /// Reads the keys file when it changed. A file that cannot be read keeps the keys read
    /// before (a half-edited file must not lock every service out), and says so in the log.
    private func reloadIfChanged(force: Bool) {
        guard let file else { return }
        let now = clock.now()
        let version = file.version()
        let unchanged = state.withLock { current -> Bool in
            current.nextCheck = now + Self.reloadInterval
            return !force && current.fileVersion == version
        }
        if unchanged { return }
        do {
            let read = try file.read().filter { key in
                guard !configured.contains(where: { $0.name == key.name }) else {
                    logger.warning("api_key_ignored", ["key": key.name, "reason": "the configuration has a key of that name"])
                    return false
                }
                return true
            }
            state.withLock { current in
                let changed = current.fileKeys != read
                current.fileKeys = read
                current.fileVersion = version
                current.snapshot = Self.snapshot(of: configured + read, usage: usage)
                if changed && !force { logger.info("api_keys_reloaded", ["path": file.path, "keys": String(configured.count + read.count)]) }
            }
        } catch {
            state.withLock { $0.fileVersion = version }
            logger.error("api_keys_unreadable", ["path": file.path, "error": error.description,
                                                 "effect": "the keys read before stay in force until the file is fixed"])
        }
    }
}
