import Foundation
#if canImport(Glibc)
import Glibc
#endif
import WXOpenSupport

/// A consistent copy of a file store, taken while a server may be writing to it
/// (`wxopen backup --config … --to DIR`).
///
/// Copying the directory as it is (`cp -r`, `tar`) is not safe: if a compaction replaces the
/// snapshot and the journal between the two file copies, a copy made snapshot first holds an old
/// snapshot and a journal that continues a newer one, and it refuses to load ("the changes in
/// between are lost"). Copied journal first, the two always fit: the snapshot can only have
/// moved forward since, and loading skips the journal's changes it already holds (as after a
/// crash mid-compaction). A write being appended as the journal is read is a torn tail, cut off
/// when the copy loads; it was not yet acknowledged when the copy began.
///
/// The copy is then opened as a store, which checks every line's checksum and the store key and
/// replays the journal, and compacted into one snapshot: what is on disk is known to load.
public enum StoreBackup {
    public struct Summary: Sendable, Equatable {
        /// Accounts in the copy.
        public var authorizers: Int
        /// Bytes copied from the source.
        public var bytesCopied: Int
    }

    static let files = ["journal.jsonl", "snapshot.jsonl", "component.json"]

    /// Copies the store at `source` into `destination` (created; it must not exist or be empty).
    /// `key` is the store key, when the store is encrypted. `afterJournal` runs between copying
    /// the journal and the snapshot (tests make a compaction happen there).
    public static func copy(from source: String, to destination: String, key: [UInt8]?, componentAppID: String?, logger: Logger,
                            afterJournal: @Sendable () async throws -> Void = {}) async throws -> Summary {
        guard FileManager.default.fileExists(atPath: source + "/journal.jsonl") else {
            throw StoreError.invalidRequest("no file store at \(source) (it has no journal.jsonl)")
        }
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: destination), !existing.isEmpty {
            throw StoreError.invalidRequest("\(destination) is not empty: a backup goes into a new directory")
        }
        let target = StoreDirectory(path: destination, logger: logger)
        try target.prepare()
        do {
            return try await copy(from: source, into: target, key: key, componentAppID: componentAppID, logger: logger,
                                  afterJournal: afterJournal)
        } catch {
            // Half a backup is worse than none: it looks like one. (The directory was new or empty.)
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
    }

    private static func copy(from source: String, into target: StoreDirectory, key: [UInt8]?, componentAppID: String?,
                             logger: Logger, afterJournal: @Sendable () async throws -> Void) async throws -> Summary {
        let destination = target.path
        var copied = 0
        for name in files {
            // Read, never opened as a store: the running server keeps its lock and its files.
            guard let bytes = FileManager.default.contents(atPath: source + "/" + name) else {
                if name == "journal.jsonl" { throw StoreError.io(path: source + "/" + name, operation: "read", errno: errno) }
                continue
            }
            let file = try target.open(destination + "/" + name, flags: O_WRONLY | O_CREAT | O_TRUNC)
            defer { file.close() }
            try file.writeAll(Array(bytes))
            try file.sync()
            copied += bytes.count
            if name == "journal.jsonl" { try await afterJournal() }
        }
        try target.syncDirectory()
        let store = try await FileStore(path: destination, key: key, componentAppID: componentAppID, logger: logger)
        do {
            try await store.compact()
        } catch {
            await store.close()
            throw error
        }
        let authorizers = store.authorizerCounts().total
        await store.close()
        logger.info("store_backup", ["from": source, "to": destination, "authorizers": String(authorizers), "bytes": String(copied)])
        return Summary(authorizers: authorizers, bytesCopied: copied)
    }
}
