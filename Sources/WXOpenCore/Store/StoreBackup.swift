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
/// The raw-info files and the event archive follow, for the same reason: they are only
/// appended to, so copied last they hold every line the journal and the snapshot point at.
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
            copied += try copyFile(bytes, to: destination + "/" + name, in: target)
            if name == "journal.jsonl" { try await afterJournal() }
        }
        // Then the raw-info files and the event archive, which are only appended to: copied after
        // the journal and the snapshot, they hold every line those point at (and perhaps more,
        // which loading ignores or, in the archive, reads back as the events after the mark).
        for name in try listing(source) where name.hasPrefix("info-") && name.hasSuffix(".jsonl") {
            guard let bytes = FileManager.default.contents(atPath: source + "/" + name) else { continue }
            copied += try copyFile(bytes, to: destination + "/" + name, in: target)
        }
        if FileManager.default.fileExists(atPath: source + "/events") {
            let events = StoreDirectory(path: destination + "/events", logger: logger)
            try events.prepare()
            for name in try listing(source + "/events") where name.hasSuffix(".jsonl") {
                guard let bytes = FileManager.default.contents(atPath: source + "/events/" + name) else { continue }
                copied += try copyFile(bytes, to: events.path + "/" + name, in: events)
            }
            try events.syncDirectory()
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

    /// Writes `bytes` to `path` and fsyncs it; the bytes written.
    private static func copyFile(_ bytes: Data, to path: String, in directory: StoreDirectory) throws -> Int {
        let file = try directory.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        defer { file.close() }
        try file.writeAll(Array(bytes))
        try file.sync()
        return bytes.count
    }

    private static func listing(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw StoreError.io(path: path, operation: "list", errno: errno)
        }
    }
}
