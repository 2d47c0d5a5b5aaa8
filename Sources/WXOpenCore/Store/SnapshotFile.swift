import Foundation

/// The snapshot: every record at one seq, written whole by compaction. Lines are framed like the
/// journal's; the first is a `SnapshotHeader` that says how many record lines follow.
///
/// A snapshot is only ever written to a temporary file, fsynced, and renamed into place, so a
/// crash never leaves a partial one. Any damage found when reading is therefore real corruption,
/// and, unlike the journal, a snapshot has nothing after it that could make up for a lost line.
struct SnapshotFile: Sendable {
    let directory: StoreDirectory
    let codec: JournalCodec

    /// Writes `index` as of `seq` and renames it into place; returns its size in bytes.
    func write(_ index: StoreIndex, seq: Int64, writtenAt: Date) throws -> Int {
        // Entries past their expiry guard against nothing: they are left behind.
        let entries = index.liveEntries(at: writtenAt)
        let deliveries = index.outbox.inSequenceOrder
        let records = index.tickets.count + index.componentTokens.count + index.authorizerCount + index.events.count
            + entries.count + deliveries.count
        let header = SnapshotHeader(
            format: SnapshotHeader.currentFormat, records: records, nextEventID: index.nextEventID,
            keyCheck: try codec.sealer.makeKeyCheck(), writtenAt: writtenAt)

        let temporaryPath = directory.snapshotTemporaryPath
        let file = try directory.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var closed = false
        defer { if !closed { file.close(); _ = try? directory.remove(temporaryPath) } }

        // Writes go out in chunks of about 1 MiB: few syscalls, bounded extra memory.
        var buffer = try codec.line(for: header, seq: seq)
        var total = 0
        func emit(_ change: StoreChange) throws {
            buffer.append(contentsOf: try codec.line(for: change, seq: seq, batch: seq))
            if buffer.count >= 1 << 20 {
                try file.writeAll(buffer)
                total += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        for ticket in index.tickets.values.sorted(by: { $0.componentAppID < $1.componentAppID }) { try emit(.ticket(ticket)) }
        for token in index.componentTokens.values.sorted(by: { $0.componentAppID < $1.componentAppID }) {
            try emit(.componentToken(token))
        }
        for record in index.authorizersInOrder { try emit(.authorizer(record)) }
        for event in index.events.oldestFirst { try emit(.event(event)) }
        for entry in entries { try emit(.entry(entry)) }
        for delivery in deliveries { try emit(.delivery(delivery, dedupe: nil)) }
        try file.writeAll(buffer)
        total += buffer.count
        try file.sync()
        file.close()
        closed = true
        try directory.rename(temporaryPath, to: directory.snapshotPath)
        try directory.syncDirectory()
        return total
    }

    /// Loads the snapshot into `index` (which must be empty) and returns its seq and header, or
    /// nil when there is no snapshot yet. `checkHeader` runs before any record is prepared (it
    /// checks the key). Blocks of lines are verified, decoded and prepared on all cores, then
    /// applied in order, the next block being prepared while one is applied.
    func read(
        into index: inout StoreIndex, preparer: ChangePreparer, checkHeader: (SnapshotHeader) throws -> Void
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
        var inFlight: BackgroundValue<[Result<ChangePreparer.Prepared, StoreError>]>?
        while true {
            let block = try reader.next()
            var lines = block.map { JournalLine.split($0)[...] } ?? []
            if let block, opening == nil, let first = lines.popFirst() {
                // The header first, alone: a wrong or missing key is reported as such, before any
                // record is looked at.
                guard first.complete, let json = JournalLine.unframe(block[first.range]),
                      let record = try? codec.decode(json), case .snapshotHeader(let header) = record.body
                else { throw corrupt("line 1 is not an intact snapshot header") }
                try checkHeader(header)
                opening = (record.seq, header)
                index.reserveCapacity(authorizers: header.records)
                lineNumber = 1
            }
            let next = block.map { block in
                let lines = Array(lines.enumerated()), first = lineNumber
                return BackgroundValue(on: .global()) { prepare(lines, of: block, firstLine: first, preparer: preparer, corrupt: corrupt) }
            }
            lineNumber += lines.count
            if let ready = inFlight?.wait() {
                for result in ready { index.apply(try result.get()) }
                records += ready.count
            }
            guard let next else { break }
            inFlight = next
        }
        guard let opening else { throw corrupt("it is empty") }
        guard records == opening.header.records else {
            throw corrupt("it holds \(records) records where its header says \(opening.header.records)")
        }
        index.raiseNextEventID(to: opening.header.nextEventID)
        return opening
    }

    /// Verifies, decodes and prepares one block's record lines on all cores. Secrets stay
    /// sealed: they are opened when read.
    private func prepare(
        _ lines: [(offset: Int, element: (range: Range<Int>, complete: Bool))], of block: [UInt8], firstLine: Int,
        preparer: ChangePreparer, corrupt: @escaping @Sendable (String) -> StoreError
    ) -> [Result<ChangePreparer.Prepared, StoreError>] {
        ParallelWork.map(lines) { position, line in
            let number = firstLine + position + 1
            guard line.complete, let json = JournalLine.unframe(block[line.range]) else {
                return .failure(corrupt("line \(number) is damaged (checksum mismatch or cut short)"))
            }
            let record: JournalRecord
            do { record = try codec.decode(json) } catch { return .failure(corrupt("line \(number) cannot be read (\(error))")) }
            guard case .change(let change) = record.body else { return .failure(corrupt("line \(number) is a second header")) }
            return Result { () throws(StoreError) in try preparer.prepare(change) }
        }
    }
}
