import Foundation

/// What a snapshot holds, taken from the index under its lock: copies of the arrays it needs
/// (copy-on-write, so O(1) now and one copy of each when the index next changes), not the
/// search arena or the orders, which a snapshot does not write.
struct SnapshotContent: Sendable {
    let tickets: [StoredTicket]
    let componentTokens: [StoredComponentToken]
    let records: [PackedAuthorizer]
    let order: [Int32]
    let rawInfo: [RawInfoLocation]
    let eventHeads: [Int64]
    let otherEventHeads: [String: Int64]
    let entries: [StoredEntry]
    let outbox: OutboxIndex
    let nextEventID: Int64
    /// The event archive as of the same moment.
    let archiveMark: EventArchive.Mark
    let eventCounts: [EventHourCount]
}

extension StoreIndex {
    func snapshotContent(at now: Date, archiveMark: EventArchive.Mark, eventCounts: [EventHourCount]) -> SnapshotContent {
        SnapshotContent(
            tickets: tickets.values.sorted { $0.componentAppID < $1.componentAppID },
            componentTokens: componentTokens.values.sorted { $0.componentAppID < $1.componentAppID },
            records: records, order: order, rawInfo: rawInfo, eventHeads: eventHeads, otherEventHeads: otherEventHeads,
            // Entries past their expiry guard against nothing: they are left behind.
            entries: liveEntries(at: now), outbox: outbox, nextEventID: nextEventID, archiveMark: archiveMark, eventCounts: eventCounts)
    }
}

/// The snapshot: every record at one seq, written whole by compaction. Lines are framed like the
/// journal's; the first is a `SnapshotHeader` that says how many record lines follow.
///
/// A snapshot is only ever written to a temporary file, fsynced, and renamed into place, so a
/// crash never leaves a partial one. Any damage found when reading is therefore real corruption,
/// and, unlike the journal, a snapshot has nothing after it that could make up for a lost line.
struct SnapshotFile: Sendable {
    let directory: StoreDirectory
    let codec: JournalCodec

    /// Writes `content` as of `seq` and renames it into place; returns its size in bytes.
    func write(_ content: SnapshotContent, seq: Int64, writtenAt: Date) throws -> Int {
        let deliveries = content.outbox.inSequenceOrder
        let others = content.otherEventHeads.sorted { $0.key < $1.key }
        let records = content.tickets.count + content.componentTokens.count + content.order.count + content.entries.count
            + deliveries.count + 1 + content.eventCounts.count + others.count
        let header = SnapshotHeader(
            format: SnapshotHeader.currentFormat, records: records, nextEventID: content.nextEventID,
            keyCheck: try codec.sealer.makeKeyCheck(), writtenAt: writtenAt)

        let temporaryPath = directory.snapshotTemporaryPath
        let file = try directory.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var closed = false
        defer { if !closed { file.close(); _ = try? directory.remove(temporaryPath) } }

        // Writes go out in chunks of about 1 MiB: few syscalls, bounded extra memory.
        var buffer = try codec.line(for: header, seq: seq)
        var total = 0
        func emit(_ line: [UInt8]) throws {
            buffer.append(contentsOf: line)
            if buffer.count >= 1 << 20 {
                try file.writeAll(buffer)
                total += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        for ticket in content.tickets { try emit(codec.line(for: .ticket(ticket), seq: seq, batch: seq)) }
        for token in content.componentTokens { try emit(codec.line(for: .componentToken(token), seq: seq, batch: seq)) }
        for slot in content.order.lazy.map(Int.init) {
            let rawInfo = content.rawInfo[slot], head = content.eventHeads[slot]
            try emit(codec.line(for: .authorizer(content.records[slot].record), seq: seq, batch: seq,
                                rawInfo: rawInfo.isNone ? nil : rawInfo, eventHead: head == 0 ? nil : head))
        }
        for entry in content.entries { try emit(codec.line(for: .entry(entry), seq: seq, batch: seq)) }
        for delivery in deliveries { try emit(codec.line(for: .delivery(delivery, dedupe: nil), seq: seq, batch: seq)) }
        try emit(codec.line(for: content.archiveMark, seq: seq))
        for count in content.eventCounts { try emit(codec.line(for: count, seq: seq)) }
        for (appID, position) in others { try emit(codec.line(forEventHead: position, appID: appID, seq: seq)) }
        try file.writeAll(buffer)
        total += buffer.count
        try file.sync()
        file.close()
        closed = true
        try directory.rename(temporaryPath, to: directory.snapshotPath)
        try directory.syncDirectory()
        return total
    }

    /// One record line of a snapshot, ready for the index.
    enum Item: Sendable {
        /// An authorizer in the common shape, decoded straight into its packed form.
        case authorizer(SnapshotAuthorizerLine)
        case change(ChangePreparer.Prepared)
        case archiveMark(EventArchive.Mark)
        case eventCount(EventHourCount)
        case eventHead(appID: String, position: Int64)
    }

    /// Reads the snapshot's header and hands every record line to `apply`, in order; returns
    /// its seq and header, or nil when there is no snapshot yet. `checkHeader` runs before any
    /// record is prepared (it checks the key). Blocks of lines are verified, decoded and
    /// prepared on all cores, then applied in order, the next block being prepared meanwhile.
    func read(
        preparer: ChangePreparer, checkHeader: (SnapshotHeader) throws -> Void, apply: (Item) throws -> Void
    ) throws -> (seq: Int64, header: SnapshotHeader)? {
        let path = directory.snapshotPath
        guard let file = try directory.openIfExists(path, flags: O_RDONLY) else { return nil }
        defer { file.close() }
        @Sendable func corrupt(_ detail: String) -> StoreError {
            .corrupt(path: path, detail: detail + ". The snapshot holds every record up to the last compaction and cannot be "
                + "rebuilt from the journal: stop wxopen, keep a copy of the directory, and restore it from a backup")
        }

        var reader = LineBlockReader(file: file)
        var opening: (seq: Int64, header: SnapshotHeader)?
        var records = 0
        var lineNumber = 0
        // Block N is applied to the index while block N+1 is read and prepared.
        var inFlight: BackgroundValue<[Result<Item, StoreError>]>?
        while true {
            let block = try reader.next()
            var lines = block.map { JournalLine.split($0)[...] } ?? []
            if let block, opening == nil, let first = lines.popFirst() {
                // The header first, alone: a wrong or missing key is reported as such, before any
                // record is looked at.
                guard first.complete, let json = JournalLine.unframe(block[first.range]),
                      let record = try? codec.decode(json), case .snapshotHeader(let header) = record.body
                else { throw corrupt("line 1 is not an intact snapshot header") }
                guard header.format <= SnapshotHeader.currentFormat else {
                    throw StoreError.corrupt(path: path, detail: "it was written in format \(header.format) by a newer wxopen; "
                        + "run that version (this one reads formats up to \(SnapshotHeader.currentFormat))")
                }
                try checkHeader(header)
                opening = (record.seq, header)
                lineNumber = 1
            }
            let next = block.map { block in
                let lines = Array(lines.enumerated()), first = lineNumber
                return BackgroundValue(on: .global()) { prepare(lines, of: block, firstLine: first, preparer: preparer, corrupt: corrupt) }
            }
            lineNumber += lines.count
            if let ready = inFlight?.wait() {
                for result in ready { try apply(try result.get()) }
                records += ready.count
            }
            guard let next else { break }
            inFlight = next
        }
        guard let opening else { throw corrupt("it is empty") }
        guard records == opening.header.records else {
            throw corrupt("it holds \(records) records where its header says \(opening.header.records)")
        }
        return opening
    }

    /// Verifies, decodes and prepares one block's record lines on all cores, authorizers in
    /// the common shape straight into their packed form. Secrets stay sealed: they are opened
    /// when read.
    private func prepare(
        _ lines: [(offset: Int, element: (range: Range<Int>, complete: Bool))], of block: [UInt8], firstLine: Int,
        preparer: ChangePreparer, corrupt: @escaping @Sendable (String) -> StoreError
    ) -> [Result<Item, StoreError>] {
        ParallelWork.map(lines) { position, line in
            let number = firstLine + position + 1
            guard line.complete, let json = JournalLine.unframe(block[line.range]) else {
                return .failure(corrupt("line \(number) is damaged (checksum mismatch or cut short)"))
            }
            if let authorizer = SnapshotAuthorizerLine(json: json, sealed: codec.sealer.key != nil) { return .success(.authorizer(authorizer)) }
            let record: JournalRecord
            do { record = try codec.decode(json) } catch { return .failure(corrupt("line \(number) cannot be read (\(error))")) }
            switch record.body {
            case .change(let change):
                return Result { () throws(StoreError) in
                    .change(try preparer.prepare(change, rawInfo: record.rawInfo, eventHead: record.eventHead))
                }
            case .eventArchive(let mark): return .success(.archiveMark(mark))
            case .eventCount(let count): return .success(.eventCount(count))
            case .eventHead(let appID, let position): return .success(.eventHead(appID: appID, position: position))
            case .journalHeader, .snapshotHeader: return .failure(corrupt("line \(number) is a second header"))
            }
        }
    }
}
