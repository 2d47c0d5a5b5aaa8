import Foundation
import Synchronization
import WXOpenSupport
#if canImport(Glibc)
import Glibc
#endif

/// The file store's event history, kept on disk for the retention period (`"events":
/// {"keepDays": 90}`) instead of in memory: `events/NNNNNNNN-YYYYMMDD.jsonl`, one file per UTC
/// day (a new one starts with the first event of a later day, or past 1 GiB), whole files
/// deleted once every event in them is past the retention.
///
/// Lines are framed like the journal's and hold `{"id","at","kind","appID","outcome","detail",
/// "prev"}`, `prev` being the position of the same account's previous event, so an account's
/// history is a chain read back from its newest event (`StoreIndex.eventHeads`) without
/// scanning anyone else's. A position is `file number << 40 | byte offset`.
///
/// Durability comes from the journal, not from here: an event is a journal line, fsynced with
/// its group commit, and is then appended here without an fsync (so recording an event costs
/// no second fsync). Compaction fsyncs these files before the snapshot that no longer holds
/// the journal's events replaces the old one; the snapshot records how far the archive was
/// synced (`ArchiveMark`), and loading reads only what follows that mark, cutting off anything
/// damaged, then appends whatever the journal holds that the archive lacks.
final class EventArchive: @unchecked Sendable {
    typealias Position = Int64

    /// How far the archive reached, and the last id in it, when a snapshot was written.
    struct Mark: Sendable, Equatable {
        var end: Position
        var lastID: Int64
    }

    final class ArchiveFile: Sendable {
        let number: Int
        /// The UTC day (days since 1970) of its first event.
        let day: Int
        let path: String
        let shared: SharedFile
        let size: Atomic<Int>

        init(number: Int, day: Int, path: String, descriptor: FileDescriptor, size: Int) {
            self.number = number
            self.day = day
            self.path = path
            shared = SharedFile(descriptor)
            self.size = Atomic(size)
        }

        var end: Position { EventArchive.position(file: number, offset: size.load(ordering: .acquiring)) }
    }

    static let maximumFileBytes = 1 << 30
    let directory: StoreDirectory
    let retention: TimeInterval
    let logger: Logger
    /// What readers share with the writer; everything else here belongs to the journal queue
    /// (and the loader before it), which is what makes `@unchecked Sendable` true.
    let shared = Mutex<(files: [ArchiveFile], counts: EventHourCounts)>(([], EventHourCounts()))
    var lastID: Int64 = 0
    /// Files written since the last `takeUnsynced`.
    private var unsynced: [Int: ArchiveFile] = [:]

    init(storeDirectory: StoreDirectory, retention: TimeInterval, logger: Logger) throws(StoreError) {
        directory = StoreDirectory(path: storeDirectory.path + "/events", logger: logger)
        self.retention = retention
        self.logger = logger
        try directory.prepare()
        var files: [ArchiveFile] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            guard let (number, day) = Self.parse(name) else {
                if name.hasSuffix(".jsonl") { logger.warning("store_event_file_ignored", ["path": directory.path + "/" + name]) }
                continue
            }
            let path = directory.path + "/" + name
            let descriptor = try directory.open(path, flags: O_RDWR | O_APPEND)
            files.append(ArchiveFile(number: number, day: day, path: path, descriptor: descriptor, size: try descriptor.size()))
        }
        files.sort { $0.number < $1.number }
        shared.withLock { $0.files = files }
    }

    static func position(file: Int, offset: Int) -> Position { Position(file) << 40 | Position(offset) }
    static func file(of position: Position) -> Int { Int(position >> 40) }
    static func offset(of position: Position) -> Int { Int(position & (1 << 40 - 1)) }

    var files: [ArchiveFile] { shared.withLock { $0.files } }
    var counts: EventHourCounts { shared.withLock { $0.counts } }

    /// Where the archive ends now, and its last id: what a snapshot records.
    var mark: Mark { Mark(end: files.last?.end ?? 0, lastID: lastID) }

    /// Restores the counts a snapshot saved (before `recover` adds what follows its mark).
    func restore(counts: EventHourCounts, lastID: Int64) {
        shared.withLock { $0.counts = counts }
        self.lastID = max(self.lastID, lastID)
    }

    /// Appends `events` (in id order, ids above `lastID`); `head` gives each appid's newest
    /// position so far. Returns the new newest position of each appid, in order.
    func append(_ events: [EventRecord], head: (String) -> Position?) throws(StoreError) -> [(appID: String, position: Position)] {
        var heads: [(appID: String, position: Position)] = []
        var latest: [String: Position] = [:]
        var buffer: [UInt8] = []
        var file = shared.withLock { $0.files.last }
        var offset = file.map { $0.size.load(ordering: .relaxed) } ?? 0
        for event in events where event.id > lastID {
            let day = Self.day(of: event.at)
            if file == nil || day > file!.day || offset + buffer.count > Self.maximumFileBytes {
                if let file { try write(&buffer, to: file) }
                file = try startFile(day: day, now: event.at)
                offset = 0
            }
            let prev = event.appID.flatMap { latest[$0] ?? head($0) }
            let position = Self.position(file: file!.number, offset: offset + buffer.count)
            buffer += try Self.line(event, prev: prev)
            if let appID = event.appID {
                latest[appID] = position
                heads.append((appID, position))
            }
            lastID = event.id
            shared.withLock { $0.counts.add(event) }
        }
        if let file { try write(&buffer, to: file) }
        return heads
    }

    private func write(_ buffer: inout [UInt8], to file: ArchiveFile) throws(StoreError) {
        guard !buffer.isEmpty else { return }
        try file.shared.descriptor.writeAll(buffer)
        file.size.add(buffer.count, ordering: .releasing)
        unsynced[file.number] = file
        buffer.removeAll(keepingCapacity: true)
    }

    /// A new file for events of `day`, after pruning what is past the retention at `now`.
    private func startFile(day: Int, now: Date) throws(StoreError) -> ArchiveFile {
        let number = (files.last?.number ?? 0) + 1
        let path = directory.path + "/" + Self.name(number: number, day: day)
        let descriptor = try directory.open(path, flags: O_RDWR | O_CREAT | O_APPEND)
        let file = ArchiveFile(number: number, day: day, path: path, descriptor: descriptor, size: 0)
        shared.withLock { $0.files.append(file) }
        // The file's directory entry is made durable with the first compaction's sync.
        unsynced[number] = file
        prune(now: now)
        return file
    }

    /// The files written since the last call, for compaction to fsync.
    func takeUnsynced() -> [ArchiveFile] {
        defer { unsynced = [:] }
        return Array(unsynced.values)
    }

    /// Deletes every file whose events are all older than the retention at `now`: those
    /// followed by a file that began before the cutoff's day. The newest file always stays.
    func prune(now: Date) {
        let cutoffDay = Self.day(of: now - retention)
        let doomed = shared.withLock { state -> [ArchiveFile] in
            var doomed: [ArchiveFile] = []
            while state.files.count > 1, state.files[1].day < cutoffDay { doomed.append(state.files.removeFirst()) }
            return doomed
        }
        for file in doomed {
            unsynced[file.number] = nil
            do {
                try directory.remove(file.path)
                logger.info("store_events_pruned", ["path": file.path, "bytes": String(file.size.load(ordering: .relaxed))])
            } catch {
                logger.error("store_events_prune_failed", ["path": file.path, "error": "\(error)"])
            }
        }
    }

    /// The framed line of `event`.
    static func line(_ event: EventRecord, prev: Position?) throws(StoreError) -> [UInt8] {
        var writer = StoreJSONWriter(capacity: 256)
        do {
            try writer.object { writer in
                writer.member("id", event.id)
                try writer.member("at", event.at)
                writer.member("kind", event.kind)
                writer.member("appID", event.appID)
                writer.member("outcome", event.outcome)
                writer.member("detail", event.detail)
                if let prev { writer.member("prev", prev) }
            }
        } catch {
            throw .invalidRequest("event \(event.kind) cannot be stored: \(error)")
        }
        return JournalLine.frame(writer.bytes)
    }

    /// A line's event and the position of its account's previous one; nil when damaged.
    static func decode(_ line: ArraySlice<UInt8>) -> (event: EventRecord, prev: Position?)? {
        guard let json = JournalLine.unframe(line) else { return nil }
        return try? json.withUnsafeBytes { bytes in
            var reader = StoreJSONReader(bytes)
            var prev: Position?
            let event = try EventRecord(json: &reader, prev: &prev)
            try reader.expectEnd()
            return (event, prev)
        }
    }

    // MARK: Names and days

    static func day(of date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// `00000012-20270115.jsonl`.
    static func name(number: Int, day: Int) -> String {
        let (year, month, dayOfMonth) = civil(fromDays: day)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(number, 8) + "-" + pad(year, 4) + pad(month, 2) + pad(dayOfMonth, 2) + ".jsonl"
    }

    static func parse(_ name: String) -> (number: Int, day: Int)? {
        let parts = name.split(separator: "-")
        guard parts.count == 2, parts[1].hasSuffix(".jsonl"), let number = Int(parts[0]), number > 0 else { return nil }
        let date = parts[1].dropLast(6)
        guard date.count == 8, let value = Int(date) else { return nil }
        return (number, days(fromCivil: value / 10_000, value / 100 % 100, value % 100))
    }

    /// Howard Hinnant's civil-from-days and back (proleptic Gregorian, UTC).
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension EventArchive {
    /// fsyncs `files` and the directory: what compaction does before a snapshot stops holding
    /// the journal's events. Runs on any queue (fsync of a file being appended to is safe).
    func sync(_ files: [ArchiveFile]) throws(StoreError) {
        guard !files.isEmpty else { return }
        for file in files { try file.shared.descriptor.sync() }
        try directory.syncDirectory()
    }

    /// Puts files back for the next compaction to sync, after one failed to.
    func markUnsynced(_ files: [ArchiveFile]) {
        for file in files where self.files.contains(where: { $0 === file }) { unsynced[file.number] = file }
    }
}
