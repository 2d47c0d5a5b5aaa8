import Dispatch
import Foundation
import Synchronization
import WeChat
import WXOpenSupport
import CSystem

/// The embedded store (`"store": {"kind": "file", "path": "data"}`): all state in memory, every
/// change appended to a journal and fsynced before the write returns.
///
/// On disk, in a 0700 directory of 0600 files:
/// - `journal.jsonl`: a header line, then one line per change (`JournalLine` framing,
///   `JournalCodec` content), appended by group commit: writes that arrive while one fsync runs
///   go out together in the next `write` + `fdatasync`, so cost per write stays flat under load.
///   A write never rewrites existing data, so its cost does not grow with the number of records.
/// - `snapshot.jsonl`: every record as of one change number, written by compaction once the
///   journal passes `Configuration.compactionJournalBytes` (see `FileStore+Compaction.swift`).
/// - `info-1.jsonl`: the accounts' raw `authorizer_info` JSON, which journal and snapshot lines
///   point into (`RawInfoFile`): it is read from disk when a page shows it, never held in memory.
/// - `events/`: the event history, one file per day, kept for the retention period (`EventArchive`).
/// - `LOCK`: `flock`ed for the store's lifetime, so a second process fails at once.
///
/// Loading reads the snapshot, then replays the journal's later changes; a torn final write is
/// cut off with a warning, and any other damage stops the load (`StoreLoader`, `JournalRecovery`).
///
/// With a key, tokens are sealed with AES-256-GCM field by field (`SecretSealer`), and they stay
/// sealed in memory: a read opens them, so a value that was altered or moved between accounts
/// fails that read with `StoreError.corrupt` naming the account, while the rest of the store
/// works on. A store written with a key refuses to open without it, or with another one. A store
/// written without a key and opened with one is rewritten encrypted at once (a compaction at
/// open); going back from a key to none, or changing the key, is not supported.
///
/// All file I/O runs on `queue` (and snapshots on `compactionQueue`), never on the cooperative
/// thread pool; callers await it through continuations. Reads never wait for I/O: they read the
/// in-memory index, which shows a change only once it is durable.
public final class FileStore: Store {
    public let path: String
    let configuration: Configuration
    let logger: Logger
    let clock: any WallClock
    let directory: StoreDirectory
    let sealer: SecretSealer
    let secrets: StoreSecrets
    /// Secrets in stored form (sealed under a key): they are opened only when read.
    let index: Mutex<StoreIndex>
    let submissions = Mutex(Submissions())
    let queue: DispatchQueue
    let compactionQueue = DispatchQueue(label: "wxopen.store.compaction", qos: .utility)
    let journal: JournalState
    let rawInfoFile: RawInfoFile
    let archive: EventArchive

    /// Opens (or creates) the store at `path`. `key`, when given, must be 32 bytes (see `parseKey`).
    /// Throws `StoreError.locked` when another process (or another `FileStore`) has it open.
    /// With `componentAppID` (what `wxopen serve` passes), the store must belong to that component
    /// (`StoreOwner`), else `StoreError.otherComponent`.
    public init(
        path: String, key: [UInt8]? = nil, componentAppID: String? = nil, logger: Logger, clock: any WallClock = SystemClock(),
        configuration: Configuration = Configuration()
    ) async throws {
        if let key, key.count != Crypto.AESGCM.keyLength {
            throw StoreError.invalidKey("the store key must be 32 bytes, got \(key.count)")
        }
        let logger = logger.with(["component": "store"])
        let directory = StoreDirectory(path: path, logger: logger)
        let sealer = SecretSealer(key: key)
        let queue = DispatchQueue(label: "wxopen.store.journal")
        let started = ContinuousClock.now
        let opened = try await FileStore.perform(on: queue) {
            try FileStore.open(directory: directory, sealer: sealer, componentAppID: componentAppID, configuration: configuration,
                               logger: logger, clock: clock)
        }
        self.path = path
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.directory = directory
        self.sealer = sealer
        self.secrets = StoreSecrets(sealer: sealer, storePath: path)
        self.queue = queue
        self.index = Mutex(opened.index)
        self.journal = opened.journal
        self.rawInfoFile = opened.rawInfo
        self.archive = opened.archive
        // Loading decoded every line into short-lived records: hand the freed pages back, so
        // that what stays resident is the index alone.
        _ = csystem_malloc_trim()

        if key == nil {
            logger.warning("store_plaintext", ["warning": "tokens are stored unencrypted; set WXOPEN_STORE_KEY (32 bytes, base64) to encrypt them"])
        }
        let authorizers = index.withLock { $0.authorizerCount }
        logger.info("store_opened", [
            "path": path, "authorizers": String(authorizers), "event_files": String(opened.archive.files.count),
            "seq": String(opened.journal.lastSeq),
            "encrypted": key == nil ? "no" : "yes", "ms": FileStore.milliseconds(since: started),
        ])
        queue.async { self.startCompactionIfDue() }
    }

    /// Reads `WXOPEN_STORE_KEY`: base64 of exactly 32 bytes.
    public static func parseKey(_ base64: String) throws -> [UInt8] {
        try SecretSealer.parseKey(base64)
    }

    deinit {
        // Reached only once no queued block holds the store any more.
        journal.closeFiles()
    }

    // MARK: Store

    public func ticket(componentAppID: String) throws -> StoredTicket? {
        guard let stored = index.withLock({ $0.ticket(componentAppID: componentAppID) }) else { return nil }
        guard case .ticket(let ticket) = try secrets.open(.ticket(stored)) else { preconditionFailure("FileStore: kind changed") }
        return ticket
    }

    @discardableResult
    public func saveTicket(_ ticket: StoredTicket) async throws -> TicketSaveResult {
        guard case .ticket(let result) = try await submit(.saveTicket(ticket)) else {
            preconditionFailure("FileStore: saveTicket planned another outcome")
        }
        return result
    }

    public func componentToken(componentAppID: String) throws -> StoredComponentToken? {
        guard let stored = index.withLock({ $0.componentToken(componentAppID: componentAppID) }) else { return nil }
        guard case .componentToken(let token) = try secrets.open(.componentToken(stored)) else {
            preconditionFailure("FileStore: kind changed")
        }
        return token
    }

    public func saveComponentToken(_ token: StoredComponentToken) async throws {
        _ = try await submit(.saveComponentToken(token))
    }

    public func deleteComponentToken(componentAppID: String, ifToken token: String) async throws {
        _ = try await submit(.deleteComponentToken(componentAppID: componentAppID, ifToken: token))
    }

    public func authorizer(appID: String) throws -> AuthorizerRecord? {
        // Decoded and opened outside the lock: readers and the journal queue share it.
        try index.withLock { index in index.slot(of: appID).map { index.records[$0] } }.map { try secrets.open($0.record) }
    }

    @discardableResult
    public func updateAuthorizer(
        appID: String, _ change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?
    ) async throws -> AuthorizerRecord? {
        // The journal queue runs `change` in order with every other write, and lets go of it
        // before this call resumes, so it never outlives the call.
        try await withoutActuallyEscaping(change) { change in
            guard case .authorizer(let record) = try await submit(.updateAuthorizer(appID: appID, change: change)) else {
                preconditionFailure("FileStore: updateAuthorizer planned another outcome")
            }
            return record
        }
    }

    /// Throws `StoreError.corrupt` naming the account if a token on the page does not decrypt.
    public func listAuthorizers(_ query: AuthorizerQuery) throws -> AuthorizerPage {
        let page = try index.withLock { index throws(StoreError) in try index.listPacked(query) }
        // Decoded and opened outside the lock: AES work never holds up other readers or the journal queue.
        return AuthorizerPage(authorizers: try page.records.map { try secrets.open($0.record) }, nextCursor: page.nextCursor,
                              totalMatching: page.totalMatching)
    }

    public func authorizerCounts() -> AuthorizerCounts {
        index.withLock { $0.authorizerCounts() }
    }

    /// The entry as stored, live or not, with its value opened.
    func storedEntry(_ namespace: EntryNamespace, key: String) throws -> StoredEntry? {
        guard let stored = index.withLock({ $0.entry(namespace, key: key) }) else { return nil }
        guard case .entry(let entry) = try secrets.open(.entry(stored)) else { preconditionFailure("FileStore: kind changed") }
        return entry
    }

    public func entry(_ namespace: EntryNamespace, key: String, now: Date) throws -> StoredEntry? {
        try storedEntry(namespace, key: key).flatMap { $0.isLive(at: now) ? $0 : nil }
    }

    /// Journaled and fsynced like every write; a compaction keeps only the entries not yet expired.
    @discardableResult
    public func writeEntry(_ namespace: EntryNamespace, key: String, value: String, expiresAt: Date, now: Date,
                           when condition: EntryCondition) async throws -> EntryWrite {
        let mutation = StoreMutation.writeEntry(namespace: namespace, key: key, value: value, expiresAt: expiresAt, now: now, when: condition)
        guard case .entry(let result) = try await submit(mutation) else {
            preconditionFailure("FileStore: writeEntry planned another outcome")
        }
        return result
    }

    @discardableResult
    public func deleteEntry(_ namespace: EntryNamespace, key: String, ifVersion version: Int64?) async throws -> Bool {
        guard case .deleted(let deleted) = try await submit(.deleteEntry(namespace: namespace, key: key, ifVersion: version)) else {
            preconditionFailure("FileStore: deleteEntry planned another outcome")
        }
        return deleted
    }

    // MARK: Lifecycle

    /// Returns once every write submitted before it is durable and no compaction is running.
    /// Throws the journal's failure if a write has failed since the store opened.
    public func flush() async throws {
        try await FileStore.perform(on: queue) { [journal] in
            if let failure = journal.failure { throw failure }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { [journal] in
                guard journal.compaction != nil else { return continuation.resume() }
                journal.compaction!.waiters.append { _ in continuation.resume() }
            }
        }
    }

    /// Refuses new writes, finishes the ones submitted and any running compaction, then closes
    /// the journal and releases the lock, so that another `FileStore` may open the path.
    public func close() async {
        let wasOpen = submissions.withLock { submissions in
            defer { submissions.closed = true }
            return !submissions.closed
        }
        guard wasOpen else { return }
        try? await flush()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { [journal, logger, path] in
                journal.closeFiles()
                logger.info("store_closed", ["path": path])
                continuation.resume()
            }
        }
    }

    var closedError: StoreError {
        .io(path: path, operation: "write to a closed store", errno: EBADF)
    }

    /// Runs blocking work on `queue` and awaits it without holding a cooperative thread.
    static func perform<Value: Sendable>(
        on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

extension FileStore {
    /// Whole milliseconds since `start`, for logs.
    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = (ContinuousClock.now - start).components
        return String(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)
    }
}
