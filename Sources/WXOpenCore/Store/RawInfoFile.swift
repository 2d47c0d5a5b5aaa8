import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where one account's raw info is: a line of a raw-info file (`info-<file>.jsonl`).
struct RawInfoLocation: Sendable, Equatable {
    /// `file << 48 | offset`, or all ones for none.
    private let packed: UInt64
    let length: UInt32

    static let none = RawInfoLocation(packed: .max, length: 0)

    private init(packed: UInt64, length: UInt32) {
        self.packed = packed
        self.length = length
    }

    init(file: Int, offset: Int, length: Int) {
        precondition(file < 1 << 15 && offset < 1 << 48 && length < 1 << 31, "RawInfoLocation: out of range")
        self.init(packed: UInt64(file) << 48 | UInt64(offset), length: UInt32(length))
    }

    var isNone: Bool { packed == .max }
    var file: Int { Int(packed >> 48) }
    var offset: Int { Int(packed & (1 << 48 - 1)) }
}

/// The raw `authorizer_info` JSON of the accounts (about 1 KB each, shown only on an account's
/// console page), kept out of memory, the snapshot and the journal: one append-only file of
/// framed lines `{"appID":"…","raw":"…"}` (`JournalLine` framing), read back by location.
///
/// A write that sets an account's raw info appends its line here and fdatasyncs it before the
/// journal line that points at it (`"rawInfo":{"file":1,"at":…,"bytes":…}`) is written, so every
/// location the journal or a snapshot holds is durable. A crash in between leaves a line nothing
/// points at, which is harmless; replaced raw info stays behind as such lines too.
final class RawInfoFile: @unchecked Sendable {
    static let currentFile = 1
    let path: String
    private let file: SharedFile
    /// Bytes in the file: where the next line goes. Only the journal queue (or the loader
    /// before it) appends, which is what makes `@unchecked Sendable` true.
    private var bytes: Int
    /// Lines appended with `sync: false` and not yet written (loading moves raw info out of
    /// old snapshots a megabyte at a time).
    private var pending: [UInt8] = []
    private var unsynced = false

    init(directory: StoreDirectory) throws(StoreError) {
        path = directory.path + "/info-\(RawInfoFile.currentFile).jsonl"
        let descriptor = try directory.open(path, flags: O_RDWR | O_CREAT | O_APPEND)
        do {
            bytes = try descriptor.size()
        } catch {
            descriptor.close()
            throw error
        }
        file = SharedFile(descriptor)
    }

    /// Appends one line per item and, unless `sync` is false (loading, which syncs once at the
    /// end), fdatasyncs them; returns where each went.
    func append(_ items: [(appID: String, raw: String)], sync: Bool = true) throws(StoreError) -> [RawInfoLocation] {
        var buffer: [UInt8] = []
        var locations: [RawInfoLocation] = []
        locations.reserveCapacity(items.count)
        for item in items {
            var writer = StoreJSONWriter(capacity: item.raw.utf8.count + 64)
            writer.object { writer in
                writer.member("appID", item.appID)
                writer.member("raw", item.raw)
            }
            let line = JournalLine.frame(writer.bytes)
            locations.append(RawInfoLocation(file: RawInfoFile.currentFile, offset: bytes + pending.count + buffer.count, length: line.count))
            buffer += line
        }
        if sync {
            try flush()
            try file.descriptor.writeAll(buffer)
            bytes += buffer.count
            try file.descriptor.syncData()
        } else {
            pending += buffer
            unsynced = true
            if pending.count >= 1 << 20 { try flush() }
        }
        return locations
    }

    private func flush() throws(StoreError) {
        guard !pending.isEmpty else { return }
        try file.descriptor.writeAll(pending)
        bytes += pending.count
        pending = []
    }

    /// Makes lines appended with `sync: false` durable.
    func sync() throws(StoreError) {
        guard unsynced else { return }
        try flush()
        try file.descriptor.syncData()
        unsynced = false
    }

    /// The raw info at `location`, which must be `appID`'s: a line that fails its checksum, or
    /// names another account, is corruption.
    func read(_ location: RawInfoLocation, appID: String) throws(StoreError) -> String {
        guard location.file == RawInfoFile.currentFile else {
            throw .corrupt(path: path, detail: "the raw info of \(appID) is in raw-info file \(location.file), which this wxopen does not know")
        }
        let line = try file.descriptor.read(at: location.offset, count: Int(location.length))
        guard line.count == Int(location.length), line.last == JournalLine.newline,
              let json = JournalLine.unframe(line[..<(line.count - 1)])
        else {
            throw .corrupt(path: path, detail: "the raw info of \(appID) at byte \(location.offset) is damaged (checksum mismatch or cut short)")
        }
        do {
            return try json.withUnsafeBytes { buffer in
                var reader = StoreJSONReader(buffer)
                var storedAppID: String?, raw: String?
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    switch key {
                    case "appID": storedAppID = try reader.readString()
                    case "raw": raw = try reader.readString()
                    default: try reader.skipValue()
                    }
                }
                guard storedAppID == appID, let raw else { throw StoreError.corrupt(path: path, detail: "the raw info at byte \(location.offset) is not \(appID)'s") }
                return raw
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .corrupt(path: path, detail: "the raw info of \(appID) cannot be read: \(error)")
        }
    }
}

extension RawInfoLocation {
    /// `{"file":F,"at":OFFSET,"bytes":LENGTH}`, the member journal and snapshot lines carry.
    func write(to writer: inout StoreJSONWriter) {
        writer.object { writer in
            writer.member("file", Int64(file))
            writer.member("at", Int64(offset))
            writer.member("bytes", Int64(length))
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var file: Int?, offset: Int?, length: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "file": file = try reader.readInt()
            case "at": offset = try reader.readInt()
            case "bytes": length = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        let (f, o, l) = (try reader.required(file, "file"), try reader.required(offset, "at"), try reader.required(length, "bytes"))
        guard f >= 0, f < 1 << 15, o >= 0, o < 1 << 48, l > 0, l < 1 << 31 else { throw reader.failure("raw info location out of range") }
        self.init(file: f, offset: o, length: l)
    }
}
