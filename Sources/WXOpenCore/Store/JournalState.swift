import Foundation

/// The journal's mutable state: the open file, its size, the last change number, the running
/// compaction. Confined to `FileStore.queue`: it is only touched by blocks running there (and by
/// `deinit`, when nothing else can reach it), which is what makes `@unchecked Sendable` true.
final class JournalState: @unchecked Sendable {
    /// Open for appending; nil once the store is closed.
    var file: FileDescriptor?
    let lockFile: FileDescriptor
    /// Bytes in the journal file, header included.
    var bytes: Int
    /// Changes in the journal file.
    var lines: Int
    var lastSeq: Int64
    /// The first write or fsync that failed. After it the file's tail is unknown (and Linux may
    /// have dropped the unwritten pages, so retrying fsync proves nothing): every later write
    /// fails with it until a restart reloads the journal.
    var failure: (any Error)?
    var compaction: RunningCompaction?
    /// The first failure to append events to the archive (see `FileStore.archiveEvents`): the
    /// journal must then keep its events, so compaction waits for a restart.
    var archiveFailure: (any Error)?
    /// Waiters for a compaction that must start after the running one (they asked for one that
    /// includes writes the running one does not).
    var queuedCompactionWaiters: [@Sendable (Result<Void, any Error>) -> Void] = []
    /// After a failed compaction, the journal size at which to try again (not at every write).
    var compactionRetryBytes = 0
    let codec: JournalCodec

    struct RunningCompaction {
        let seq: Int64
        let reason: String
        let started: ContinuousClock.Instant
        /// The archive files it syncs, for the next compaction to sync again should it fail.
        let unsynced: [EventArchive.ArchiveFile]
        /// Lines committed since the snapshot's seq: the new journal starts with them.
        var tail: [UInt8] = []
        var tailLines = 0
        var waiters: [@Sendable (Result<Void, any Error>) -> Void]
    }

    init(file: FileDescriptor, lockFile: FileDescriptor, bytes: Int, lines: Int, lastSeq: Int64, codec: JournalCodec) {
        self.file = file
        self.lockFile = lockFile
        self.bytes = bytes
        self.lines = lines
        self.lastSeq = lastSeq
        self.codec = codec
    }

    /// Appends one group commit's lines with one write and one fdatasync.
    func append(_ batch: [UInt8], lines count: Int) throws {
        guard let file else { throw StoreError.io(path: "journal.jsonl", operation: "write to a closed store", errno: EBADF) }
        try file.writeAll(batch)
        try file.syncData()
        bytes += batch.count
        lines += count
        lastSeq += Int64(count)
        if compaction != nil {
            compaction!.tail.append(contentsOf: batch)
            compaction!.tailLines += count
        }
    }

    /// Writes a complete new journal (header, then `tail`) to the temporary path and fsyncs it,
    /// ready to be renamed over the journal. Returns the open file and its size.
    static func writeTemporaryJournal(
        directory: StoreDirectory, codec: JournalCodec, base: Int64, tail: [UInt8]
    ) throws -> (file: FileDescriptor, bytes: Int) {
        let path = directory.journalTemporaryPath
        let file = try directory.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
        do {
            let header = JournalHeader(format: JournalHeader.currentFormat, base: base, keyCheck: try codec.sealer.makeKeyCheck())
            let contents = try codec.line(for: header) + tail
            try file.writeAll(contents)
            try file.sync()
            return (file, contents.count)
        } catch {
            file.close()
            _ = try? directory.remove(path)
            throw error
        }
    }

    private var filesClosed = false

    /// Closes the journal and releases the store's lock; later calls do nothing.
    func closeFiles() {
        guard !filesClosed else { return }
        filesClosed = true
        file?.close()
        file = nil
        lockFile.close()
    }
}
