import Foundation

/// Where the platform keeps tickets, tokens, authorizers and its event log.
///
/// Every write is durable when it returns: an acknowledged write survives `kill -9`.
/// Reads see every acknowledged write. A read throws when a stored secret cannot be read back
/// (`StoreError.corrupt` naming the account, e.g. an encrypted token that was tampered with). Implementations: `FileStore` (the embedded default,
/// `"store": {"kind": "file"}`) and `MemoryStore` (tests); a database backend implements the
/// same protocol.
public protocol Store: Sendable {
    // Tickets and component tokens, keyed by component appid (one URL may serve several platforms).
    func ticket(componentAppID: String) async throws -> StoredTicket?
    /// Stores `ticket` unless the one held was received later (`receivedAt`): the most recently
    /// received ticket wins, whatever the pushes' `createTime` says, since that is WeChat's clock
    /// (or a forger's) and a push dated in the future must not outrank every later one.
    @discardableResult
    func saveTicket(_ ticket: StoredTicket) async throws -> TicketSaveResult
    func componentToken(componentAppID: String) async throws -> StoredComponentToken?
    func saveComponentToken(_ token: StoredComponentToken) async throws
    /// Removes the cached component token only if it is still `token` (compare-and-delete).
    func deleteComponentToken(componentAppID: String, ifToken token: String) async throws

    func authorizer(appID: String) async throws -> AuthorizerRecord?
    /// Atomically reads, changes and writes one authorizer. `change` receives the current record
    /// (nil when there is none) and returns the record to store, or nil to leave it unchanged.
    /// Returns what is stored afterwards.
    @discardableResult
    func updateAuthorizer(appID: String, _ change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?) async throws -> AuthorizerRecord?
    func listAuthorizers(_ query: AuthorizerQuery) async throws -> AuthorizerPage
    func authorizerCounts() async throws -> AuthorizerCounts

    /// Appends to the bounded event log; returns the event with its id.
    @discardableResult
    func appendEvent(_ event: EventRecord) async throws -> EventRecord
    /// Newest first.
    func recentEvents(_ query: EventQuery) async throws -> [EventRecord]

    /// The live entry for `key` (nil when there is none or it expired at `now`).
    func entry(_ namespace: EntryNamespace, key: String, now: Date) async throws -> StoredEntry?
    /// The live entries among `keys`, in no particular order: one store call for many keys (the
    /// refresher asks which of its due accounts were read lately, `HotAccounts`). PostgreSQL
    /// reads them in one statement; the file and memory stores look each up in memory
    /// (`Store+EntryLookup.swift`).
    func entries(_ namespace: EntryNamespace, keys: [String], now: Date) async throws -> [StoredEntry]
    /// Writes `value` under `key` if `condition` holds against the live entry, atomically, and
    /// gives it a new version. Durable when it returns, like every write.
    @discardableResult
    func writeEntry(_ namespace: EntryNamespace, key: String, value: String, expiresAt: Date, now: Date,
                    when condition: EntryCondition) async throws -> EntryWrite
    /// Deletes the entry for `key` (only if it holds `version`, when given); returns whether one was deleted.
    @discardableResult
    func deleteEntry(_ namespace: EntryNamespace, key: String, ifVersion version: Int64?) async throws -> Bool

    /// Claims each of `keys` that no live entry holds: writes `value` under it until `expiresAt`,
    /// exactly as `writeEntry(… when: .absent)` would, and skips the keys a live entry holds.
    /// Returns the entries written, in the order of `keys`. How instances on one store split work
    /// (the refresher's accounts): of two callers claiming overlapping keys at once, each key goes
    /// to one of them, and an expired claim (a dead instance's) can be claimed again. PostgreSQL
    /// does it in one statement that skips the keys another transaction is claiming, as
    /// `FOR UPDATE SKIP LOCKED` skips rows; the file and memory stores write the keys as
    /// `writeEntry` calls (`Store+Claims.swift`).
    func claimEntries(_ namespace: EntryNamespace, keys: [String], value: String, expiresAt: Date, now: Date) async throws -> [StoredEntry]

    /// What changed, for caches in front of the store (see `StoreNotice`): every write of a
    /// ticket, component token, authorizer or entry of an announced namespace, published once
    /// durable, and, on a database shared by several instances, the other instances' writes too.
    var notices: StoreNotices { get }

    /// Finishes writes in flight and lets go of files, locks and connections; later writes fail.
    func close() async

    // The outbox (`OutboxDelivery`): messages and events for the platform's services, durable
    // before WeChat is answered, delivered in order per account, at least once. A database
    // keeps it as one table, e.g. outbox(id text primary key, sequence bigint unique,
    // account_key text, type text, payload text, created_at, attempts int, next_attempt_at,
    // last_attempt_at, last_error text, lease_owner text, lease_expires_at), indexed on
    // (account_key, sequence). Every method below is one statement (or one transaction).

    /// Stores `delivery` and, when `dedupe` is given, the dedupe entry (`EntryNamespace.messageDedupe`,
    /// value = the delivery's id) in one atomic, durable write: either both are stored or
    /// neither, so a crash can never leave a message deduplicated but not enqueued. When a live
    /// entry already holds `dedupe.key` (WeChat sent the message again), nothing is stored and
    /// the first delivery's id comes back as `.duplicate`.
    ///
    /// The store sets `sequence` (greater than every stored delivery's: e.g. a `bigserial`) and
    /// keeps the caller's other fields. With `lease`, the delivery is stored already leased to
    /// `lease.owner` until `lease.expiresAt`, but only if no other delivery of its `accountKey`
    /// is stored (it is the account's oldest): that is how a caller attempts it at once without
    /// overtaking an older one. In SQL, one transaction: the entry `INSERT … ON CONFLICT DO
    /// UPDATE … WHERE entries.expires_at <= now RETURNING` (no row: a live entry, a duplicate),
    /// then the outbox row with
    /// `lease_owner = CASE WHEN NOT EXISTS (SELECT 1 FROM outbox WHERE account_key = $k) THEN $owner END`
    /// (see `PostgresStore+Outbox.swift`).
    func enqueueDelivery(_ delivery: OutboxDelivery, dedupe: DeliveryDedupe?, lease: DeliveryLease?, now: Date) async throws
        -> DeliveryEnqueueResult

    /// Leases up to `limit` deliveries to `owner` until `leaseUntil` and returns them (with the
    /// lease set). A delivery is claimable when it is the lowest `sequence` of its `accountKey`,
    /// its `nextAttemptAt` is at or before `now`, and it has no lease or an expired one
    /// (`leaseExpiresAt <= now`); an account whose oldest delivery is leased or not yet due
    /// contributes nothing. Earliest `nextAttemptAt` first, then `sequence`. `attempts` is not
    /// changed. In SQL: the accounts' heads (`DISTINCT ON (account_key) … ORDER BY account_key,
    /// sequence`), filtered, ordered and limited, `FOR UPDATE SKIP LOCKED`, then `UPDATE …
    /// RETURNING`.
    func claimDeliveries(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxDelivery]

    /// The service accepted the delivery: deletes it (whoever holds its lease: it was
    /// delivered). Returns false when it was gone already (another instance delivered it after
    /// this one's lease lapsed; the service drops the repeat by id). The account's next
    /// delivery becomes claimable.
    @discardableResult
    func completeDelivery(id: String) async throws -> Bool

    /// An attempt failed: `attempts += 1`, `lastError = error`, `lastAttemptAt = now`,
    /// `nextAttemptAt`, and the lease cleared, but only while the lease is `owner`'s (live or
    /// lapsed, as long as no one else claimed it since). Returns the delivery as stored
    /// afterwards; nil when it is gone or another owner holds it (whose attempt stands).
    @discardableResult
    func failDelivery(id: String, owner: String, error: String, nextAttemptAt: Date, now: Date) async throws -> OutboxDelivery?

    /// "Retry now": sets `nextAttemptAt = now` on delivery `id` (on every delivery when nil)
    /// that is not leased live, so that the next claim may take it; attempts and last error
    /// stay. Returns how many changed.
    @discardableResult
    func retryDeliveries(id: String?, now: Date) async throws -> Int

    /// The accounts that have undelivered deliveries: each account's oldest delivery and how
    /// many it has queued, oldest head first (by `sequence`), at most `limit` accounts.
    func outboxBacklog(limit: Int) async throws -> [OutboxBacklog]

    /// Counts by state at `now` (see `OutboxCounts`). Read by `/metrics` and `/readyz` on
    /// every scrape: must stay cheap with a large backlog (counts over indexed columns).
    func outboxCounts(now: Date) async throws -> OutboxCounts
}

extension Store {
    // The replay window: pushes already handled, kept durably so that one captured and sent
    // again, even after a restart, is not acted on twice.

    /// Inserts `key` if it is absent, atomically: true when this call inserted it, false when a
    /// live entry holds it.
    public func insertReplayKey(_ key: String, expiresAt: Date, now: Date) async throws -> Bool {
        try await writeEntry(.replay, key: key, value: "", expiresAt: expiresAt, now: now, when: .absent).entry != nil
    }

    /// Removes `key`: for a push whose handling failed, so that WeChat's retry of it is handled
    /// rather than taken for a replay.
    public func removeReplayKey(_ key: String) async throws {
        try await deleteEntry(.replay, key: key, ifVersion: nil)
    }
}

/// What `saveTicket` did.
public enum TicketSaveResult: Sendable, Equatable {
    /// Stored; `replaced` is the ticket held before (nil for the first one).
    case stored(replaced: StoredTicket?)
    /// Not stored: the ticket held was received later, so it stays.
    case kept(StoredTicket)
}

/// A page request over authorizers, in a stable order (by appid) with an opaque cursor.
public struct AuthorizerQuery: Sendable, Equatable {
    public var status: AuthorizerStatus?
    public var type: AccountType?
    /// Case-insensitive substring of the nickname, principal name, user name, alias or appid.
    public var search: String?
    /// Clamped to 1…500.
    public var limit: Int
    /// From the previous page's `nextCursor`; a cursor that is not one throws `StoreError.invalidRequest`.
    public var cursor: String?
    /// Only accounts whose access token expires before this date (for the refresher). An account
    /// with no access token (`accessTokenExpiresAt == nil`) counts as expired, since it needs one.
    public var tokenExpiringBefore: Date?
    /// Only accounts whose access token expires at or after this date (the refresher under
    /// policy `hot`, which leaves long-expired tokens of cold accounts alone); an account with no
    /// access token never matches.
    public var tokenExpiringAfter: Date?
    /// False: `totalMatching` is left 0, for a caller that pages through every match anyway (the
    /// refresher) and would otherwise pay a count over all accounts per page.
    public var countsTotal = true

    public init(status: AuthorizerStatus? = nil, type: AccountType? = nil, search: String? = nil, limit: Int = 100,
                cursor: String? = nil, tokenExpiringBefore: Date? = nil, tokenExpiringAfter: Date? = nil) {
        self.status = status
        self.type = type
        self.search = search
        self.limit = limit
        self.cursor = cursor
        self.tokenExpiringBefore = tokenExpiringBefore
        self.tokenExpiringAfter = tokenExpiringAfter
    }
}

public struct AuthorizerPage: Sendable, Equatable {
    public var authorizers: [AuthorizerRecord]
    public var nextCursor: String?
    /// How many records match the filters in all (for "1–50 of 1,234").
    public var totalMatching: Int

    public init(authorizers: [AuthorizerRecord], nextCursor: String?, totalMatching: Int) {
        self.authorizers = authorizers
        self.nextCursor = nextCursor
        self.totalMatching = totalMatching
    }
}

public struct AuthorizerCounts: Sendable, Equatable {
    public var byStatus: [AuthorizerStatus: Int]
    public var byType: [AccountType: Int]
    public var total: Int

    public init(byStatus: [AuthorizerStatus: Int] = [:], byType: [AccountType: Int] = [:], total: Int = 0) {
        self.byStatus = byStatus
        self.byType = byType
        self.total = total
    }
}

public struct EventQuery: Sendable, Equatable {
    public var appID: String?
    /// Prefix of `kind`, e.g. `token.` or `push.`.
    public var kindPrefix: String?
    public var outcome: String?
    /// Only events at or after this date.
    public var since: Date?
    /// Clamped to 1…500.
    public var limit: Int

    public init(appID: String? = nil, kindPrefix: String? = nil, outcome: String? = nil, since: Date? = nil, limit: Int = 50) {
        self.appID = appID
        self.kindPrefix = kindPrefix
        self.outcome = outcome
        self.since = since
        self.limit = limit
    }
}

/// A store failure an operator can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another process holds the store's lock.
    case locked(path: String)
    case io(path: String, operation: String, errno: Int32)
    /// Data that cannot be read back (e.g. a corrupt snapshot, or a wrong store key).
    case corrupt(path: String, detail: String)
    case invalidKey(String)
    /// The store belongs to another component than the configuration names (`StoreOwner`).
    case otherComponent(path: String, stored: String, configured: String)
    /// A request the store cannot serve as asked, e.g. a cursor it did not issue, or an
    /// `updateAuthorizer` change that returns a record for another appid.
    case invalidRequest(String)
    /// The store cannot be reached (a database that is down or cut off); the same call may
    /// succeed once it is back. `store` names it without a password.
    case unavailable(store: String, detail: String)

    public var description: String {
        switch self {
        case .locked(let path):
            "the store at \(path) is in use by another wxopen process; stop it first, or point this one at another store path"
        case .io(let path, let operation, let errno):
            "\(operation) failed for \(path): \(String(cString: strerror(errno))) (errno \(errno))"
        case .corrupt(let path, let detail):
            "the store at \(path) cannot be read: \(detail)"
        case .invalidKey(let detail):
            "the store key is invalid: \(detail)"
        case .otherComponent(let path, let stored, let configured):
            "the store at \(path) belongs to component \(stored), but the configuration names component \(configured): "
                + "point store.path at \(configured)'s store (or an empty directory), or fix component.appID"
        case .invalidRequest(let detail):
            "invalid store request: \(detail)"
        case .unavailable(let store, let detail):
            "the store (\(store)) is unavailable: \(detail)"
        }
    }
}
