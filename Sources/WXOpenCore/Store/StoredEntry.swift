import Foundation

/// A short-lived record kept by key until it expires: the push replay window, message
/// deduplication, sessions and login throttles, login attempts and tickets, cached tickets.
/// One mechanism for all of them, so each store backend implements it once.
///
/// Keys are never secret (they appear in error messages): a feature whose key is a bearer
/// secret, such as a session id, stores its SHA-256 instead. Values of a `secret` namespace are
/// sealed with the store key at rest, like tokens.
public struct StoredEntry: Sendable, Equatable {
    public var namespace: EntryNamespace
    public var key: String
    public var value: String
    /// After this the entry counts as absent, and it is pruned some time later.
    public var expiresAt: Date
    /// Assigned by the store on every write, increasing across all entries: what a
    /// compare-and-swap compares. Never reused for another write, even after a delete.
    public var version: Int64
    /// The store's `now` at the write: what pruning measures against when the journal is
    /// replayed, whatever the clock says at load.
    public var writtenAt: Date

    public init(namespace: EntryNamespace, key: String, value: String, expiresAt: Date, version: Int64, writtenAt: Date) {
        self.namespace = namespace
        self.key = key
        self.value = value
        self.expiresAt = expiresAt
        self.version = version
        self.writtenAt = writtenAt
    }

    public func isLive(at now: Date) -> Bool { expiresAt > now }

    /// The expiry of a record that is kept until it is deleted (a rollout and its accounts):
    /// 9999-12-31T23:59:59Z, which every backend stores and no clock reaches.
    public static let noExpiry = Date(timeIntervalSince1970: 253_402_300_799)

    /// Written already expired: how a delete is recorded.
    package var isTombstone: Bool { expiresAt <= writtenAt }
}

/// A family of entries. Names are stable: they are written to disk and to the database.
public struct EntryNamespace: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// Values are sealed with the store key.
    public let isSecret: Bool
    /// Writes are announced (`Store.notices`, and to other instances on a shared database), for
    /// a namespace whose entries a cache keeps in memory. Off for the rest: a notice per push
    /// would cost every instance work for nothing.
    public let isAnnounced: Bool

    public init(_ name: String, secret: Bool, announced: Bool = false) {
        self.name = name
        isSecret = secret
        isAnnounced = announced
    }

    public var description: String { name }

    // What is stored names a namespace by name and secrecy; announcing is this build's business.
    public static func == (left: EntryNamespace, right: EntryNamespace) -> Bool {
        left.name == right.name && left.isSecret == right.isSecret
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(isSecret)
    }

    /// Pushes already handled, by `msg_signature`.
    public static let replay = EntryNamespace("replay", secret: false)
}

/// When `writeEntry` may write.
public enum EntryCondition: Sendable, Equatable {
    /// Only when no live entry holds the key (insert-if-absent).
    case absent
    /// Only when the live entry holds this version (compare-and-swap).
    case version(Int64)
    /// Whatever is there.
    case always
}

/// What `writeEntry` did.
public enum EntryWrite: Sendable, Equatable {
    /// Written, with the version the store gave it.
    case written(StoredEntry)
    /// Not written: the condition did not hold. `current` is the live entry (nil when none).
    case refused(current: StoredEntry?)

    public var entry: StoredEntry? {
        if case .written(let entry) = self { return entry }
        return nil
    }
}

/// Where an entry lives in an index.
struct EntryKey: Sendable, Hashable {
    var namespace: String
    var key: String
}

extension StoredEntry {
    var indexKey: EntryKey { EntryKey(namespace: namespace.name, key: key) }
}
