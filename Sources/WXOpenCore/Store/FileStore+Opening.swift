import Foundation
import WXOpenSupport

extension FileStore {
    struct Opened: Sendable {
        let index: StoreIndex
        let journal: JournalState
        let rawInfo: RawInfoFile
        let archive: EventArchive
    }

    /// Prepares the directory, takes the lock, loads, and compacts first when the files on disk
    /// are not a snapshot plus the journal continuing it (a new store, an interrupted compaction,
    /// tokens to encrypt). Runs on the journal queue before the store is handed out.
    static func open(
        directory: StoreDirectory, sealer: SecretSealer, componentAppID: String? = nil, configuration: Configuration, logger: Logger,
        clock: any WallClock
    ) throws -> Opened {
        try directory.prepare()
        let lockFile = try directory.lock()
        do {
            let owner = StoreOwner(directory: directory)
            let recordedOwner = componentAppID == nil ? nil : try owner.recorded()
            if let componentAppID, let recordedOwner, recordedOwner != componentAppID {
                throw StoreError.otherComponent(path: directory.path, stored: recordedOwner, configured: componentAppID)
            }
            let codec = JournalCodec(sealer: sealer)
            var loaded = try StoreLoader(
                directory: directory, codec: codec, logger: logger, eventRetention: configuration.eventRetention
            ).load()
            // Raw info moved out of an older snapshot, and the raw-info file's directory entry.
            try loaded.rawInfo.sync()
            try directory.syncDirectory()
            loaded.archive.prune(now: clock.now())
            if let componentAppID, recordedOwner == nil {
                let isNew = loaded.compactionReason == "new_store"
                try owner.record(componentAppID)
                if !isNew {
                    logger.warning("store_component_adopted", [
                        "path": directory.path, "component_appid": componentAppID,
                        "reason": "the store had no component record (written before wxopen kept one); it now belongs to this component",
                    ])
                }
            }
            // The lock says no other process has the store, so every lease on disk belonged to
            // one that is gone: its deliveries are claimable again at once.
            loaded.index.releaseOutboxLeases()
            if let reason = loaded.compactionReason {
                let started = ContinuousClock.now
                let writtenAt = clock.now()
                try loaded.archive.sync(loaded.archive.takeUnsynced())
                let content = loaded.index.snapshotContent(at: writtenAt, archiveMark: loaded.archive.mark,
                                                           eventCounts: loaded.archive.counts.counts())
                let snapshotBytes = try SnapshotFile(directory: directory, codec: codec).write(content, seq: loaded.lastSeq, writtenAt: writtenAt)
                let fresh = try JournalState.writeTemporaryJournal(directory: directory, codec: codec, base: loaded.lastSeq, tail: [])
                do {
                    try directory.rename(directory.journalTemporaryPath, to: directory.journalPath)
                    try directory.syncDirectory()
                } catch {
                    fresh.file.close()
                    throw error
                }
                loaded.journal?.close()
                loaded.journal = fresh.file
                loaded.journalBytes = fresh.bytes
                loaded.journalLines = 0
                logger.info("store_compacted", [
                    "reason": reason, "seq": String(loaded.lastSeq), "snapshot_bytes": String(snapshotBytes),
                    "journal_bytes": String(fresh.bytes), "ms": FileStore.milliseconds(since: started),
                ])
            }
            guard let file = loaded.journal else {
                preconditionFailure("FileStore.open: a load without a journal always asks for a compaction")
            }
            let journal = JournalState(
                file: file, lockFile: lockFile, bytes: loaded.journalBytes, lines: loaded.journalLines,
                lastSeq: loaded.lastSeq, codec: codec)
            return Opened(index: loaded.index, journal: journal, rawInfo: loaded.rawInfo, archive: loaded.archive)
        } catch {
            lockFile.close()
            throw error
        }
    }
}
