import Foundation

// Compaction writes a snapshot of every record as of change S, then starts a new journal that
// holds only the changes after S. Writers keep committing to the old journal meanwhile: the
// snapshot is written on `compactionQueue` from a copy-on-write copy of the index, and the lines
// committed since S are kept (`RunningCompaction.tail`) to start the new journal with.
//
// Steps, and what a crash at each point leaves (loading always removes *.tmp leftovers):
//  0. the event archive fsynced up to the mark the snapshot records: the new journal will not
//     hold the events before it. (Raw info needs nothing: each line was fsynced when written.)
//  1. snapshot.jsonl.tmp written and fsynced. Crash: old snapshot + old journal, both intact.
//  2. rename over snapshot.jsonl, fsync the directory. Crash before the directory fsync: either
//     snapshot, each with the old journal, which holds every change since the old snapshot.
//  3. (on `queue`) journal.jsonl.tmp = header(base S) + tail, fsynced. Crash: new snapshot S +
//     old journal (base < S): loading skips the journal's changes up to S, replays those after S,
//     and compacts again because base < S.
//  4. rename over journal.jsonl, fsync the directory. Crash before the directory fsync: either
//     journal, both holding every change after S. From the rename on, writes go to the new file.
//  Nothing is appended while step 3 and 4 run (they run on `queue`, between group commits), so
//  the tail is complete. A failed step before the journal rename leaves the old files in use; a
//  failed directory fsync after it stops writes (the store cannot tell which journal will survive
//  a power cut) until a restart.
extension FileStore {
    /// Compacts now and returns once the new snapshot and journal are in place.
    public func compact() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async { [self] in
                let waiter: @Sendable (Result<Void, any Error>) -> Void = { continuation.resume(with: $0) }
                if let failure = journal.failure ?? (journal.file == nil ? closedError : nil) {
                    return waiter(.failure(failure))
                }
                if journal.compaction != nil {
                    journal.queuedCompactionWaiters.append(waiter)
                } else {
                    startCompaction(reason: "requested", waiters: [waiter])
                }
            }
        }
    }

    /// On `queue`, after each group commit.
    func startCompactionIfDue() {
        guard journal.compaction == nil, journal.failure == nil, journal.archiveFailure == nil, journal.file != nil,
              journal.bytes >= journal.compactionRetryBytes,
              journal.bytes >= configuration.compactionJournalBytes || journal.lines >= configuration.compactionJournalLines
        else { return }
        startCompaction(reason: "journal_size", waiters: [])
    }

    private func startCompaction(reason: String, waiters: [@Sendable (Result<Void, any Error>) -> Void]) {
        if let failure = journal.archiveFailure {
            for waiter in waiters { waiter(.failure(failure)) }
            return
        }
        let seq = journal.lastSeq
        let writtenAt = clock.now()
        // Taken together on `queue`, between group commits: the archive holds exactly the
        // events up to `seq`. The index's arrays are copied lazily, on its next write.
        let mark = archive.mark
        let counts = archive.counts.counts()
        let unsynced = archive.takeUnsynced()
        let content = index.withLock { $0.snapshotContent(at: writtenAt, archiveMark: mark, eventCounts: counts) }
        journal.compaction = JournalState.RunningCompaction(seq: seq, reason: reason, started: .now, unsynced: unsynced, waiters: waiters)
        let snapshot = SnapshotFile(directory: directory, codec: journal.codec)
        let archive = archive
        compactionQueue.async { [self] in
            let result = Result {
                try archive.sync(unsynced)
                return try snapshot.write(content, seq: seq, writtenAt: writtenAt)
            }
            queue.async { self.finishCompaction(snapshotResult: result) }
        }
    }

    private func finishCompaction(snapshotResult: Result<Int, any Error>) {
        guard let running = journal.compaction else { return }
        journal.compaction = nil
        let result = snapshotResult.flatMap { snapshotBytes in
            Result { try replaceJournal(after: running, snapshotBytes: snapshotBytes) }
        }
        if case .failure(let error) = result {
            archive.markUnsynced(running.unsynced)
            journal.compactionRetryBytes = journal.bytes + configuration.compactionJournalBytes / 4
            logger.error("store_compaction_failed", [
                "path": path, "error": "\(error)", "effect": "the journal keeps every change and keeps growing; retried later",
            ])
        }
        for waiter in running.waiters { waiter(result) }

        let queued = journal.queuedCompactionWaiters
        journal.queuedCompactionWaiters = []
        if !queued.isEmpty, journal.failure == nil, journal.file != nil {
            startCompaction(reason: "requested", waiters: queued)
        } else if !queued.isEmpty {
            let failure = journal.failure ?? closedError
            for waiter in queued { waiter(.failure(failure)) }
        } else {
            startCompactionIfDue()
        }
    }

    /// Steps 3 and 4: the new journal, holding the changes committed since the snapshot.
    private func replaceJournal(after running: JournalState.RunningCompaction, snapshotBytes: Int) throws {
        if let failure = journal.failure { throw failure }
        guard let old = journal.file else { throw closedError }
        let fresh = try JournalState.writeTemporaryJournal(
            directory: directory, codec: journal.codec, base: running.seq, tail: running.tail)
        do {
            try directory.rename(directory.journalTemporaryPath, to: directory.journalPath)
        } catch {
            fresh.file.close()
            _ = try? directory.remove(directory.journalTemporaryPath)
            throw error
        }
        old.close()
        journal.file = fresh.file
        journal.bytes = fresh.bytes
        journal.lines = running.tailLines
        journal.compactionRetryBytes = 0
        do {
            try directory.syncDirectory()
        } catch {
            journal.failure = error
            throw error
        }
        logger.info("store_compacted", [
            "reason": running.reason, "seq": String(running.seq), "snapshot_bytes": String(snapshotBytes),
            "journal_bytes": String(fresh.bytes), "ms": FileStore.milliseconds(since: running.started),
        ])
    }
}
