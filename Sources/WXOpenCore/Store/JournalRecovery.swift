/// Reads a journal's bytes back into changes, deciding what a damaged line means.
///
/// Lines are appended by group commits: one `write` and one `fdatasync` per batch, and the next
/// batch starts only after the previous one's `fdatasync` returned. So only the final batch can
/// be torn by a crash (by `kill -9`, a prefix of it; by a power cut, possibly any of its pages).
/// A damaged line is therefore dropped, with everything after it, only when every intact line
/// after it belongs to the same batch as the damaged line: nothing that was acknowledged is lost.
/// Damage followed by a later batch means bytes that were acknowledged changed on disk: that is
/// corruption, and loading stops rather than silently dropping acknowledged writes.
struct JournalRecovery: Sendable {
    struct Recovered {
        var header: JournalHeader?
        /// In seq order, contiguous from `header.base + 1`; secrets in stored form; with where
        /// the line put the account's raw info, if it did.
        var changes: [(seq: Int64, change: StoreChange, rawInfo: RawInfoLocation?)]
        /// Bytes to keep; what follows is the torn tail.
        var validLength: Int
        var droppedLines: Int
    }

    let path: String
    let codec: JournalCodec

    func recover(_ bytes: [UInt8]) throws(StoreError) -> Recovered {
        let lines = JournalLine.split(bytes)
        let codec = codec, path = path
        // nil: torn or damaged (the checksum does not match).
        let outcomes = ParallelWork.map(Array(lines.enumerated())) { number, line -> Result<JournalRecord, StoreError>? in
            guard line.complete, let json = JournalLine.unframe(bytes[line.range]) else { return nil }
            do {
                return .success(try codec.decode(json))
            } catch {
                // The checksum matched, so these are the bytes that were written: not a torn write.
                return .failure(.corrupt(path: path, detail: "line \(number + 1) is intact but cannot be read (\(error)); "
                    + "was it written by a newer wxopen?"))
            }
        }
        var decoded: [JournalRecord?] = []
        decoded.reserveCapacity(outcomes.count)
        for outcome in outcomes { decoded.append(try outcome?.get()) }

        let keep = try intactPrefixLength(decoded, starts: lines.map(\.range.lowerBound))
        var result = Recovered(header: nil, changes: [], validLength: 0, droppedLines: decoded.count - keep)
        result.validLength = keep < lines.count ? lines[keep].range.lowerBound : bytes.count
        guard keep > 0, let first = decoded[0] else { return result }
        guard case .journalHeader(let header) = first.body else {
            throw corrupt("line 1 is not a journal header")
        }
        result.header = header
        var expected = header.base + 1
        result.changes.reserveCapacity(keep - 1)
        for number in 1 ..< keep {
            let record = decoded[number]!
            guard case .change(let change) = record.body else { throw corrupt("line \(number + 1) is not a change") }
            guard record.seq == expected else {
                throw corrupt("line \(number + 1) has change number \(record.seq) where \(expected) was expected, so changes are missing")
            }
            result.changes.append((record.seq, change, record.rawInfo))
            expected += 1
        }
        return result
    }

    /// How many leading lines to keep: all of them, or those before a torn final batch.
    private func intactPrefixLength(_ decoded: [JournalRecord?], starts: [Int]) throws(StoreError) -> Int {
        guard let firstBad = decoded.firstIndex(where: { $0 == nil }) else { return decoded.count }
        let later = decoded[(firstBad + 1)...].compactMap { $0 }
        guard let firstLater = later.first else { return firstBad }
        // The seq the damaged line would have had: one past the intact line before it.
        let previousSeq = firstBad > 0 ? decoded[firstBad - 1]!.seq : Int64.min
        let isInFinalBatch = firstBad > 0
            && later.allSatisfy { $0.batch == firstLater.batch }
            && firstLater.batch <= previousSeq + 1
        guard isInFinalBatch else {
            throw corrupt(
                "line \(firstBad + 1) (from byte \(starts[firstBad])) is damaged, and \(later.count) intact "
                    + "line(s) written after it were acknowledged, so dropping it would lose data. Stop wxopen, keep a copy of "
                    + "the directory, and restore it from a backup; or, accepting the loss of every change from that line on, "
                    + "truncate \(path) to \(starts[firstBad]) bytes")
        }
        return firstBad
    }

    private func corrupt(_ detail: String) -> StoreError {
        .corrupt(path: path, detail: detail)
    }
}
