import Foundation
import WXOpenSupport

/// Rebuilds a `FileStore`'s state from disk: the snapshot, then the journal's changes after it,
/// with the raw-info file and the event archive beside them. A torn journal tail is cut off (see
/// `JournalRecovery`), as is whatever follows the snapshot's mark in the event archive that does
/// not read back (the journal holds those events); everything else that does not read back
/// exactly stops the load with an error that says what to do.
struct StoreLoader {
    struct Loaded {
        var index: StoreIndex
        var lastSeq: Int64
        /// Open for appending; nil when there is no usable journal yet.
        var journal: FileDescriptor?
        var journalBytes: Int
        var journalLines: Int
        /// Why the store must be compacted before use, if it must.
        var compactionReason: String?
        let rawInfo: RawInfoFile
        let archive: EventArchive
    }

    let directory: StoreDirectory
    let codec: JournalCodec
    let logger: Logger
    let eventRetention: TimeInterval

    private var preparer: ChangePreparer {
        ChangePreparer(secrets: StoreSecrets(sealer: codec.sealer, storePath: directory.path))
    }

    func load() throws -> Loaded {
        // Leftovers of a compaction a crash interrupted; the files they were to replace are intact.
        for leftover in [directory.snapshotTemporaryPath, directory.journalTemporaryPath] where try directory.remove(leftover) {
            logger.info("store_leftover_removed", ["path": leftover])
        }

        // Loaded in place: a second copy of the index alive while it grows would copy every record.
        var loaded = Loaded(index: StoreIndex(), lastSeq: 0, journal: nil, journalBytes: 0, journalLines: 0,
                            rawInfo: try RawInfoFile(directory: directory),
                            archive: try EventArchive(storeDirectory: directory, retention: eventRetention, logger: logger))
        var mark: EventArchive.Mark?
        var counts = EventHourCounts()
        // Format 1 kept the newest events in the snapshot; they go to the archive below.
        var snapshotEvents: [EventRecord] = []
        let snapshot = try SnapshotFile(directory: directory, codec: codec).read(preparer: preparer) { header in
            try checkKey(header.keyCheck)
            loaded.index.reserveCapacity(authorizers: header.records)
        } apply: { item in
            switch item {
            case .authorizer(let line): loaded.index.apply(line)
            case .change(let prepared):
                if case .event(let event) = prepared.change { snapshotEvents.append(event) }
                try apply(prepared, to: &loaded)
            case .archiveMark(let value): mark = value
            case .eventCount(let count):
                counts.add(hour: EventHourCounts.hourNumber(count.hour), kind: count.kind, outcome: count.outcome, count: count.count)
            case .eventHead(let appID, let position): loaded.index.setEventHead(position, appID: appID)
            }
        }
        if let snapshot { loaded.index.raiseNextEventID(to: snapshot.header.nextEventID) }
        loaded.lastSeq = snapshot?.seq ?? 0
        loaded.archive.restore(counts: counts, lastID: mark?.lastID ?? 0)
        try loaded.archive.recover(after: mark) { event, position in
            if let appID = event.appID { loaded.index.setEventHead(position, appID: appID) }
        }
        try archive(snapshotEvents, into: &loaded)
        if let snapshot, snapshot.header.format < SnapshotHeader.currentFormat { loaded.compactionReason = "upgrade_format" }

        guard let journal = try directory.openIfExists(directory.journalPath, flags: O_RDWR | O_APPEND) else {
            if snapshot != nil { logger.warning("store_journal_missing", ["path": directory.journalPath]) }
            loaded.compactionReason = snapshot == nil ? "new_store" : "journal_missing"
            return loaded
        }
        do {
            try replay(journal, snapshot: snapshot, into: &loaded)
        } catch {
            journal.close()
            throw error
        }
        return loaded
    }

    /// One prepared change into the index, with its raw info and event head.
    private func apply(_ prepared: ChangePreparer.Prepared, to loaded: inout Loaded) throws {
        loaded.index.apply(prepared.change, prepared: prepared.authorizer)
        guard case .authorizer(let record) = prepared.change else { return }
        switch prepared.rawInfo {
        case .keep: break
        case .at(let location): loaded.index.setRawInfo(location, appID: record.appID)
        case .inline(let raw):
            let location = try loaded.rawInfo.append([(record.appID, raw)], sync: false)[0]
            loaded.index.setRawInfo(location, appID: record.appID)
        }
        if let head = prepared.eventHead { loaded.index.setEventHead(head, appID: record.appID) }
    }

    /// Appends the events the archive lacks (ids above its last), keeping the heads current.
    private func archive(_ events: [EventRecord], into loaded: inout Loaded) throws {
        guard events.contains(where: { $0.id > loaded.archive.lastID }) else { return }
        let archive = loaded.archive
        let heads = try archive.append(events) { loaded.index.eventHead(appID: $0) }
        for (appID, position) in heads { loaded.index.setEventHead(position, appID: appID) }
    }

    private func replay(_ journal: FileDescriptor, snapshot: (seq: Int64, header: SnapshotHeader)?, into loaded: inout Loaded) throws {
        let path = directory.journalPath
        let bytes = try journal.readAll()
        let recovered = try JournalRecovery(path: path, codec: codec).recover(bytes)
        if recovered.validLength < bytes.count {
            try journal.truncate(to: recovered.validLength)
            try journal.sync()
            logger.warning("store_tail_truncated", [
                "bytes": String(bytes.count - recovered.validLength), "lines": String(recovered.droppedLines), "path": path,
            ])
        }
        loaded.journal = journal
        loaded.journalBytes = recovered.validLength
        loaded.journalLines = recovered.changes.count
        guard let header = recovered.header else {
            // Nothing intact, not even the header: only a torn first write, which held no change.
            loaded.compactionReason = loaded.compactionReason ?? "journal_empty"
            return
        }
        try checkKey(header.keyCheck)
        let snapshotSeq = snapshot?.seq ?? 0
        guard header.base <= snapshotSeq else {
            throw StoreError.corrupt(path: path, detail: "the journal continues from change \(header.base), but "
                + (snapshot == nil ? "the snapshot it continues is missing" : "the snapshot only reaches change \(snapshotSeq)")
                + ", so the changes in between are lost. Stop wxopen, keep a copy of the directory, and restore "
                + "snapshot.jsonl (or the whole directory) from a backup")
        }
        // Changes up to the snapshot's seq are in the snapshot already: a crash came between
        // renaming a new snapshot into place and starting the journal afresh.
        let preparer = preparer
        let ready = ParallelWork.map(recovered.changes.filter { $0.seq > snapshotSeq }) { _, change, rawInfo in
            Result { () throws(StoreError) in try preparer.prepare(change, rawInfo: rawInfo) }
        }
        var events: [EventRecord] = []
        for result in ready {
            let prepared = try result.get()
            if case .event(let event) = prepared.change { events.append(event) }
            try apply(prepared, to: &loaded)
        }
        try archive(events, into: &loaded)
        loaded.lastSeq = max(snapshotSeq, recovered.changes.last?.seq ?? header.base)
        if header.base < snapshotSeq {
            loaded.compactionReason = "interrupted_compaction"
        } else if codec.sealer.key != nil, snapshot?.header.keyCheck == nil || header.keyCheck == nil {
            // Written without a key, opened with one: the tokens were sealed as they were
            // loaded, and compacting now writes them so, taking the plaintext off the live files.
            loaded.compactionReason = "encrypt_existing_tokens"
        }
    }

    private func checkKey(_ keyCheck: String?) throws {
        guard let keyCheck else { return }
        guard codec.sealer.key != nil else {
            throw StoreError.invalidKey("the store at \(directory.path) was written with a store key; set WXOPEN_STORE_KEY "
                + "to that key (base64 of 32 bytes) to open it")
        }
        guard codec.sealer.verifiesKeyCheck(keyCheck) else {
            throw StoreError.invalidKey("WXOPEN_STORE_KEY is not the key the store at \(directory.path) was written with; "
                + "set the original key (the stored tokens cannot be read without it)")
        }
    }
}
