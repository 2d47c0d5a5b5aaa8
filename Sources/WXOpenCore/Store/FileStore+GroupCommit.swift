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
        var overlay = BatchOverlay(base: FileStoreReader(store: self))
        // In stored form (secrets sealed, raw info taken out): what the journal and the index
        // hold, and each one's line.
        var changes: [StoreChange] = []
        var lines: [[UInt8]] = []
        // Raw info to write first, and which change each belongs to.
        var rawInfo: [(appID: String, raw: String)] = []
        var rawInfoChange: [Int] = []
        var results: [Result<StoreMutation.Outcome, any Error>] = []
        results.reserveCapacity(batch.count)
        for write in batch {
            results.append(Result {
                let (planned, outcome) = try write.mutation.planChanges(against: overlay)
                // All of a write's lines are made before any is kept: a failure keeps none.
                var kept: [StoreChange] = [], stored: [StoreChange] = [], written: [[UInt8]] = []
                var raws: [(Int, String, String)] = []
                for change in planned {
                    var change = change
                    if case .authorizer(var record) = change, let raw = record.info?.rawJSON {
                        record.info?.rawJSON = nil
                        change = .authorizer(record)
                        raws.append((changes.count + stored.count, record.appID, raw))
                    }
                    let sealed = try secrets.seal(change)
                    written.append(try journal.codec.line(for: sealed, seq: first + Int64(changes.count + stored.count), batch: first))
                    stored.append(sealed)
                    kept.append(change)
                }
                for change in kept { overlay.apply(change) }
                changes += stored
                lines += written
                for (position, appID, raw) in raws {
                    rawInfo.append((appID, raw))
                    rawInfoChange.append(position)
                }
                return outcome
            })
        }
        // The callers' updateAuthorizer closures must be released before any caller resumes:
        // `withoutActuallyEscaping` checks that they did not escape.
        batch.removeAll()

        if !changes.isEmpty {
            do {
                // Raw info is durable before any journal line points at it.
                var locations: [Int: RawInfoLocation] = [:]
                if !rawInfo.isEmpty {
                    for (position, location) in zip(rawInfoChange, try rawInfoFile.append(rawInfo)) {
                        locations[position] = location
                        lines[position] = try journal.codec.line(for: changes[position], seq: first + Int64(position), batch: first,
                                                                 rawInfo: location)
                    }
                }
                try journal.append(Array(lines.joined()), lines: changes.count)
                apply(changes, rawInfo: locations)
            } catch {
                journal.failure = error
                logger.error("store_write_failed", [
                    "path": path, "error": "\(error)", "effect": "every later write fails until wxopen restarts and reloads the journal",
                ])
                for continuation in continuations { continuation.resume(throwing: error) }
                return
            }
        }
        // Durable and visible: caches may drop what changed before any caller hears of it.
        notices.publish(changes)
        for (continuation, result) in zip(continuations, results) { continuation.resume(with: result) }
        startCompactionIfDue()
    }

    /// Makes a durable batch visible: its events archived, then every change in the index.
    private func apply(_ changes: [StoreChange], rawInfo: [Int: RawInfoLocation]) {
        let events = changes.compactMap { change -> EventRecord? in
            if case .event(let event) = change { return event }
            return nil
        }
        let heads = archiveEvents(events)
        // Packed and given their search text before taking the lock, which readers share.
        let prepared = changes.map { change -> StoreIndex.PreparedAuthorizer? in
            guard case .authorizer(let record) = change else { return nil }
            return StoreIndex.PreparedAuthorizer(record)
        }
        index.withLock { index in
            for (offset, change) in changes.enumerated() {
                index.apply(change, prepared: prepared[offset])
                if let location = rawInfo[offset], case .authorizer(let record) = change { index.setRawInfo(location, appID: record.appID) }
            }
            for (appID, position) in heads { index.setEventHead(position, appID: appID) }
        }
    }
}

/// What a group commit plans against: the index, plus the changes planned earlier in the same
/// batch, which are not in the index until the batch is durable. Everything here is plaintext.
struct BatchOverlay<Base: OutboxReading>: OutboxReading {
    let base: Base
    private var authorizers: [String: AuthorizerRecord] = [:]
    private var componentTokens: [String: StoredComponentToken?] = [:]
    private var tickets: [String: StoredTicket] = [:]
    private var entries: [EntryKey: StoredEntry?] = [:]
    private(set) var nextEventID: Int64
    private(set) var lastEntryVersion: Int64
    private var outbox: OutboxOverlay

    init(base: Base) {
        self.base = base
        nextEventID = base.nextEventID
        lastEntryVersion = base.lastEntryVersion
        outbox = OutboxOverlay(lastSequence: base.lastDeliverySequence)
    }

    func ticket(componentAppID: String) throws -> StoredTicket? {
        if let planned = tickets[componentAppID] { return planned }
        return try base.ticket(componentAppID: componentAppID)
    }

    func entry(_ namespace: EntryNamespace, key: String) throws -> StoredEntry? {
        if let planned = entries[EntryKey(namespace: namespace.name, key: key)] { return planned }
        return try base.entry(namespace, key: key)
    }

    func authorizer(appID: String) throws -> AuthorizerRecord? {
        if let planned = authorizers[appID] { return planned }
        return try base.authorizer(appID: appID)
    }

    func componentToken(componentAppID: String) throws -> StoredComponentToken? {
        if let planned = componentTokens[componentAppID] { return planned }
        return try base.componentToken(componentAppID: componentAppID)
    }

    var lastDeliverySequence: Int64 { outbox.lastSequence }

    func delivery(id: String) throws -> OutboxDelivery? { try outbox.delivery(id: id, base: base) }

    func hasDeliveries(account: String) throws -> Bool { try outbox.head(of: account, base: base) != nil }

    func deliveryIDs(account: String, prefix: Int) throws -> [String] {
        try outbox.ids(account: account, prefix: prefix, base: base)
    }

    func claimableDeliveries(now: Date, limit: Int, excluding: Set<String>) throws -> [OutboxDelivery] {
        try outbox.claimable(now: now, limit: limit, excluding: excluding, base: base)
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
        case .delivery(let delivery, let dedupe):
            if let dedupe { apply(.entry(dedupe)) }
            outbox.upsert(delivery)
        case .deliveryDelete(let id): outbox.remove(id: id, base: base)
        }
    }
}

/// The file store's index as a group commit reads it: under the lock, secrets opened.
struct FileStoreReader: OutboxReading {
    let store: FileStore

    func ticket(componentAppID: String) throws -> StoredTicket? { try store.ticket(componentAppID: componentAppID) }
    func authorizer(appID: String) throws -> AuthorizerRecord? { try store.authorizer(appID: appID) }
    func componentToken(componentAppID: String) throws -> StoredComponentToken? { try store.componentToken(componentAppID: componentAppID) }
    func entry(_ namespace: EntryNamespace, key: String) throws -> StoredEntry? { try store.storedEntry(namespace, key: key) }
    var lastEntryVersion: Int64 { store.index.withLock { $0.lastEntryVersion } }
    var nextEventID: Int64 { store.index.withLock { $0.nextEventID } }

    func delivery(id: String) throws -> OutboxDelivery? {
        try store.index.withLock { $0.delivery(id: id) }.map(store.secrets.open)
    }

    func hasDeliveries(account: String) -> Bool { store.index.withLock { $0.hasDeliveries(account: account) } }

    func deliveryIDs(account: String, prefix: Int) -> [String] {
        store.index.withLock { $0.deliveryIDs(account: account, prefix: prefix) }
    }

    func claimableDeliveries(now: Date, limit: Int, excluding: Set<String>) throws -> [OutboxDelivery] {
        try store.index.withLock { $0.claimableDeliveries(now: now, limit: limit, excluding: excluding) }.map(store.secrets.open)
    }

    var lastDeliverySequence: Int64 { store.index.withLock { $0.lastDeliverySequence } }
}
