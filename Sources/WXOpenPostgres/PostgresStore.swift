import Foundation
import Synchronization
import WeChat
import WXOpenCore
import WXOpenSupport

/// The store in PostgreSQL (`"store": {"kind": "postgres", "url": "postgresql://…"}`), for
/// several wxopen instances sharing one database.
///
/// It keeps the `Store` contract the file store keeps (the same contract tests run on both):
/// every write is committed before it returns, every read sees every acknowledged write of any
/// instance, and `updateAuthorizer` is atomic across instances: the closure runs inside a
/// transaction holding the row's lock (`SELECT … FOR UPDATE`), or, for an appid with no row yet,
/// an advisory lock on the appid.
///
/// Secrets (tickets, component tokens, access and refresh tokens) are sealed with the store key
/// exactly as the file store seals them (`StoreSecrets`), so the tables, and a `pg_dump` of them,
/// hold no token in clear. A database written with a key refuses to open without it or with
/// another; one written without a key and opened with one is sealed at once.
///
/// Schema: `Migrations/`, applied by `open` under an advisory lock (`SchemaMigrator`).
///
/// Several instances: every write of a ticket, component token, authorizer or announced entry
/// sends a `NOTIFY` in its own transaction (delivered only if it commits), and each store
/// `LISTEN`s on its schema's channel, so each instance's `notices` carry the others' writes and
/// its caches drop what another replaced (`PostgresStore+Notices.swift`). A lost connection to the
/// database shows as `StoreError.unavailable`, which callers turn into a retry (a push answered
/// 500, an API call 503).
public final class PostgresStore: Store {
    let pool: ConnectionPool<PostgresSession>
    let secrets: StoreSecrets
    let digest: TokenDigest
    let configuration: Configuration
    let logger: Logger
    /// `user@host:port/db`, for messages.
    public let server: String
    /// Entry writes by this instance, for pruning (`PostgresStore+Entries.swift`).
    let entryWrites = Atomic<Int>(0)
    /// Events appended by this instance, for pruning (`PostgresStore+Events.swift`).
    let eventAppends = Atomic<Int>(0)
    /// What the event retention is measured against.
    let clock: any WallClock
    public let notices = StoreNotices()
    /// The channel this schema's writes are announced on, and this store's mark on its own.
    let channel: String
    let origin = Crypto.hex(Crypto.randomBytes(8))
    /// Receives the other instances' notices (nil when `Configuration.notifications` is off).
    let listener = Mutex<(listener: PostgresListener, task: Task<Void, Never>)?>(nil)
    /// Set once `LISTEN` first took effect: from then on no other instance's write goes unheard
    /// (or, across a reconnect, unannounced by `.everything`).
    package let hasListened = Atomic<Bool>(false)

    init(pool: ConnectionPool<PostgresSession>, key: [UInt8]?, channel: String, configuration: Configuration, logger: Logger,
         clock: any WallClock) {
        self.clock = clock
        self.pool = pool
        self.server = pool.server
        self.secrets = StoreSecrets(sealer: SecretSealer(key: key), storePath: "postgresql \(pool.server)")
        self.digest = TokenDigest(storeKey: key)
        self.channel = channel
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects, applies missing migrations, and checks the store key against the database.
    ///
    /// `url` may hold the password (`WXOPEN_STORE_URL`); it never appears in an error or a log
    /// line. `key`, when given, must be 32 bytes (see `FileStore.parseKey`).
    public static func open(
        url: String, key: [UInt8]? = nil, componentAppID: String? = nil, logger: Logger, clock: any WallClock = SystemClock(),
        configuration: Configuration = Configuration(), sleeper: @escaping Sleeper = Sleepers.real
    ) async throws -> PostgresStore {
        if let key, key.count != Crypto.AESGCM.keyLength {
            throw StoreError.invalidKey("the store key must be 32 bytes, got \(key.count)")
        }
        let parsed = try PostgresURL(url)
        let logger = logger.with(["component": "store"])
        let options = configuration.connectionOptions
        let pool = ConnectionPool<PostgresSession>(
            configuration: .init(maxConnections: configuration.maxConnections), server: parsed.server, logger: logger,
            sleeper: sleeper
        ) { try await PostgresSession.connect(parsed, options: options) }
        let started = ContinuousClock.now
        do {
            let (applied, channel) = try await pool.withConnection { session in
                (try await SchemaMigrator(clock: clock, logger: logger).migrate(session), try await PostgresStore.channel(session))
            }
            let store = PostgresStore(pool: pool, key: key, channel: channel, configuration: configuration, logger: logger, clock: clock)
            try await store.prepareKey()
            try await store.backfillSearchText()
            try await store.pruneEvents()
            if let componentAppID { try await store.claimOwner(componentAppID: componentAppID) }
            if configuration.notifications { try store.listen(parsed, sleeper: sleeper) }
            logger.info("store_opened", [
                "server": parsed.server, "kind": "postgres", "encrypted": key == nil ? "no" : "yes",
                "migrations_applied": String(applied.count), "ms": String((ContinuousClock.now - started).milliseconds),
            ])
            return store
        } catch {
            await pool.close()
            throw error
        }
    }

    /// `url` with its password replaced by `***` (or a note that it is not a URL): for messages.
    public static func redactedURL(_ url: String) -> String {
        (try? PostgresURL(url))?.redacted ?? "(not a postgresql:// URL)"
    }

    /// Stops listening and closes every connection; later calls fail with `PostgresError.closed`.
    public func close() async {
        await stopListening()
        await pool.close()
        logger.info("store_closed", ["server": server])
    }

    /// `body` on a pooled connection. A connection problem (the server is down, unreachable or
    /// restarting) becomes `StoreError.unavailable`, which the platform knows to answer with a
    /// retry; the pool reconnects in the background.
    func withSession<Value>(_ body: (PostgresSession) async throws -> Value) async throws -> Value {
        do {
            return try await pool.withConnection(body)
        } catch let error as PostgresError where error.isConnectionProblem {
            throw StoreError.unavailable(store: "postgresql \(server)", detail: error.description)
        }
    }

    /// One statement on a pooled connection.
    @discardableResult
    func query(_ sql: String, _ parameters: [any PostgresValue] = []) async throws -> PostgresRows {
        try await withSession { try await $0.query(sql, parameters) }
    }

    /// A value read back that cannot be what was written.
    func corrupt(_ detail: String) -> StoreError {
        .corrupt(path: "postgresql \(server)", detail: detail)
    }
}
