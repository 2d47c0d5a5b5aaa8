import Foundation

extension FileStore {
    /// Writes waiting for the journal queue.
    struct Submissions: Sendable {
        var pending: [PendingWrite] = []
        var closed = false
    }

    struct PendingWrite: Sendable {
        let mutation: StoreMutation
        let continuation: CheckedContinuation<StoreMutation.Outcome, any Error>
    }

    /// Queues a write and returns once it is durable (or has failed).
    func submit(_ mutation: StoreMutation) async throws -> StoreMutation.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = submissions.withLock { submissions in
                guard !submissions.closed else { return false }
                submissions.pending.append(PendingWrite(mutation: mutation, continuation: continuation))
                return true
            }
            guard accepted else { return continuation.resume(throwing: closedError) }
            // One drain per write: the first to run takes everything pending, the rest find
            // nothing. Work queued later on `queue` (a flush, a close) runs after this write.
            queue.async { self.drain() }
        }
    }

    /// One group commit, on `queue`: plans every pending write in order against the latest state,
    /// appends their lines with one write and one fdatasync, then makes them visible and resumes
    /// the callers.
    func drain() {
        var batch = submissions.withLock { submissions in
            defer { submissions.pending.removeAll() }
            return submissions.pending
        }
        guard !batch.isEmpty else { return }
        let continuations = batch.map(\.continuation)
        if let failure = journal.failure ?? (journal.file == nil ? closedError : nil) {
            batch.removeAll()
            for continuation in continuations { continuation.resume(throwing: failure) }
            return
        }

        let first = journal.lastSeq + 1
        var overlay = BatchOverlay(
            nextEventID: index.withLock { $0.nextEventID },
            readAuthorizer: { appID in try self.index.withLock { $0.authorizer(appID: appID) }.map(self.secrets.open) },
            readComponentToken: { appID in try self.componentToken(componentAppID: appID) },
            readTicket: { appID in try self.ticket(componentAppID: appID) },
            lastEntryVersion: index.withLock { $0.lastEntryVersion },
            readEntry: { namespace, key in try self.storedEntry(namespace, key: key) })
        var lines: [UInt8] = []
        // In stored form (secrets sealed): what the journal and the index hold.
        var changes: [StoreChange] = []
        var results: [Result<StoreMutation.Outcome, any Error>] = []
        results.reserveCapacity(batch.count)
        for write in batch {
            results.append(Result {
                let (change, outcome) = try write.mutation.plan(against: overlay)
                if let change {
                    let stored = try secrets.seal(change)
                    lines += try journal.codec.line(for: stored, seq: first + Int64(changes.count), batch: first)
                    overlay.apply(change)
                    changes.append(stored)
                }
                return outcome
            })
        }
        // The callers' updateAuthorizer closures must be released before any caller resumes:
        // `withoutActuallyEscaping` checks that they did not escape.
        batch.removeAll()

        if !changes.isEmpty {
            do {
                try journal.append(lines, lines: changes.count)
            } catch {
                journal.failure = error
                logger.error("store_write_failed", [
                    "path": path, "error": "\(error)", "effect": "every later write fails until wxopen restarts and reloads the journal",
                ])
                for continuation in continuations { continuation.resume(throwing: error) }
                return
            }
            // Search text is built before taking the lock, which readers share.
            let haystacks = changes.map { change -> [UInt8]? in
                guard case .authorizer(let record) = change else { return nil }
                return StoreIndex.haystack(for: record)
            }
            index.withLock { index in
                for (change, haystack) in zip(changes, haystacks) { index.apply(change, haystack: haystack) }
            }
        }
        // Durable and visible: caches may drop what changed before any caller hears of it.
        notices.publish(changes)
        for (continuation, result) in zip(continuations, results) { continuation.resume(with: result) }
        startCompactionIfDue()
    }
}

/// What a group commit plans against: the index, plus the changes planned earlier in the same
/// batch, which are not in the index until the batch is durable. Everything here is plaintext.
struct BatchOverlay: StoreReading {
    private var authorizers: [String: AuthorizerRecord] = [:]
    private var componentTokens: [String: StoredComponentToken?] = [:]
    private var tickets: [String: StoredTicket] = [:]
    private var entries: [EntryKey: StoredEntry?] = [:]
    private(set) var nextEventID: Int64
    private(set) var lastEntryVersion: Int64
    /// Read the index and open the secrets: plans see plaintext.
    let readAuthorizer: (String) throws -> AuthorizerRecord?
    let readComponentToken: (String) throws -> StoredComponentToken?
    let readTicket: (String) throws -> StoredTicket?
    let readEntry: (EntryNamespace, String) throws -> StoredEntry?

    init(
        nextEventID: Int64, readAuthorizer: @escaping (String) throws -> AuthorizerRecord?,
        readComponentToken: @escaping (String) throws -> StoredComponentToken?,
        readTicket: @escaping (String) throws -> StoredTicket?, lastEntryVersion: Int64,
        readEntry: @escaping (EntryNamespace, String) throws -> StoredEntry?
    ) {
        self.nextEventID = nextEventID
        self.readAuthorizer = readAuthorizer
        self.readComponentToken = readComponentToken
        self.readTicket = readTicket
        self.lastEntryVersion = lastEntryVersion
        self.readEntry = readEntry
    }

    func ticket(componentAppID: String) throws -> StoredTicket? {
        if let planned = tickets[componentAppID] { return planned }
        return try readTicket(componentAppID)
    }

    func entry(_ namespace: EntryNamespace, key: String) throws -> StoredEntry? {
        if let planned = entries[EntryKey(namespace: namespace.name, key: key)] { return planned }
        return try readEntry(namespace, key)
    }

    func authorizer(appID: String) throws -> AuthorizerRecord? {
        if let planned = authorizers[appID] { return planned }
        return try readAuthorizer(appID)
    }

    func componentToken(componentAppID: String) throws -> StoredComponentToken? {
        if let planned = componentTokens[componentAppID] { return planned }
        return try readComponentToken(componentAppID)
    }

    mutating func apply(_ change: StoreChange) {
        switch change {
        case .authorizer(let record): authorizers[record.appID] = record
        case .componentToken(let token): componentTokens[token.componentAppID] = .some(token)
        case .componentTokenDelete(let componentAppID): componentTokens[componentAppID] = .some(nil)
        case .event(let event): nextEventID = max(nextEventID, event.id + 1)
        case .ticket(let ticket): tickets[ticket.componentAppID] = ticket
        case .entry(let entry):
            entries[entry.indexKey] = .some(entry.isTombstone ? nil : entry)
            lastEntryVersion = max(lastEntryVersion, entry.version)
        }
    }
}
