import Foundation

// Reading the archive back: a page of events for the console (an account's chain, or a
// backward scan of everyone's), and, when loading, the stretch after the snapshot's mark.
extension EventArchive {
    /// How much history one page may read before it stops and hands out a cursor: keeps every
    /// page quick however rare the events it filters for.
    static let scanBudgetBytes = 4 << 20
    static let chainBudgetLines = 4000
    /// Events are appended in id order with times from callers' clocks, so times are only
    /// almost in order: a scan goes this far past `since` before it stops.
    static let timeSlack: TimeInterval = 600

    /// A page of `query` (its `cursor` a `positionCursor`), newest first, at `now`. With an
    /// appid, `head` is that account's newest event; without one, the scan starts at the end
    /// (or near `until`).
    func page(_ query: EventQuery, now: Date, head: Position?) throws(StoreError) -> EventPage {
        let limit = StoreSearchRules.pageSize(query.limit)
        let cursor = try query.cursor.map { cursor throws(StoreError) in try Self.position(fromCursor: cursor) }
        let cutoff = now - retention
        let stopBefore = query.since.map { $0 - Self.timeSlack }
        var page: [EventRecord] = []
        var last: Position?
        var reachedSince = false
        func take(_ event: EventRecord, at position: Position) -> Bool {
            last = position
            if let stopBefore, event.at < stopBefore { reachedSince = true; return false }
            if event.at >= cutoff, query.matches(event) { page.append(event) }
            return page.count < limit
        }
        var exhausted: Bool
        if query.appID != nil {
            var next = head
            if let cursor { next = try readLine(at: cursor)?.prev }
            var budget = Self.chainBudgetLines
            while let position = next, budget > 0 {
                budget -= 1
                guard let (event, prev) = try readLine(at: position) else { next = nil; break }
                next = prev
                if !take(event, at: position) { break }
            }
            exhausted = next == nil
        } else {
            var start = cursor ?? mark.end
            if cursor == nil, let until = query.until, let near = try position(near: until + Self.timeSlack) { start = near }
            exhausted = try scanBackwards(before: start) { event, position in take(event, at: position) }
        }
        let more = !reachedSince && (page.count == limit || !exhausted)
        return EventPage(events: page, olderCursor: more ? last.map(Self.cursor(for:)) : nil)
    }

    static func cursor(for position: Position) -> String { AuthorizerCursor.cursor(after: "p" + String(position)) }

    static func position(fromCursor cursor: String) throws(StoreError) -> Position {
        let text = try AuthorizerCursor.appID(from: cursor)
        guard text.hasPrefix("p"), let position = Position(text.dropFirst()), position > 0 else {
            throw .invalidRequest("the cursor is not one this store issued; start again without a cursor")
        }
        return position
    }

    /// The event at `position` and its account's previous one; nil when its file is gone
    /// (pruned). A damaged line is corruption.
    func readLine(at position: Position) throws(StoreError) -> (event: EventRecord, prev: Position?)? {
        guard let file = files.first(where: { $0.number == Self.file(of: position) }) else { return nil }
        let offset = Self.offset(of: position)
        var length = 1024
        while true {
            let bytes = try file.shared.descriptor.read(at: offset, count: length)
            if let newline = bytes.firstIndex(of: JournalLine.newline) {
                guard let decoded = Self.decode(bytes[..<newline]) else {
                    throw .corrupt(path: file.path, detail: "the event at byte \(offset) is damaged (checksum mismatch)")
                }
                return decoded
            }
            guard bytes.count == length, length < 1 << 24 else {
                throw .corrupt(path: file.path, detail: "the event at byte \(offset) is cut short")
            }
            length *= 4
        }
    }

    /// Visits lines from just before `start` back to the archive's beginning, newest first,
    /// until `visit` says stop or the budget runs out. Returns whether the beginning was reached.
    func scanBackwards(before start: Position, _ visit: (EventRecord, Position) -> Bool) throws(StoreError) -> Bool {
        var budget = Self.scanBudgetBytes
        for file in files.reversed() where file.number <= Self.file(of: start) {
            var end = file.number == Self.file(of: start) ? Self.offset(of: start) : file.size.load(ordering: .acquiring)
            var chunk = 64 << 10
            while end > 0 {
                guard budget > 0 else { return false }
                let begin = max(0, end - chunk)
                let bytes = try file.shared.descriptor.read(at: begin, count: end - begin)
                // Lines wholly inside: after the first newline, unless the chunk starts the file.
                let first = begin == 0 ? 0 : (bytes.firstIndex(of: JournalLine.newline).map { $0 + 1 } ?? -1)
                if first < 0 { chunk *= 4; continue }
                budget -= bytes.count - first
                var lineEnd = bytes.count
                while lineEnd > first {
                    let lineStart = (bytes[first ..< (lineEnd - 1)].lastIndex(of: JournalLine.newline).map { $0 + 1 }) ?? first
                    guard let (event, _) = Self.decode(bytes[lineStart ..< (lineEnd - 1)]) else {
                        throw .corrupt(path: file.path, detail: "the event at byte \(begin + lineStart) is damaged (checksum mismatch)")
                    }
                    if !visit(event, Self.position(file: file.number, offset: begin + lineStart)) { return false }
                    lineEnd = lineStart
                }
                end = begin + first
            }
        }
        return true
    }

    /// About where events of `date` begin: the position of the first line at or after it, found
    /// by bisecting the last file that began by then.
    func position(near date: Date) throws(StoreError) -> Position? {
        let day = Self.day(of: date)
        guard let file = files.last(where: { $0.day <= day }) else { return files.first.map { Self.position(file: $0.number, offset: 0) } }
        var low = 0, high = file.size.load(ordering: .acquiring)
        while high - low > 4096 {
            let middle = (low + high) / 2
            let bytes = try file.shared.descriptor.read(at: middle, count: 4096)
            guard let newline = bytes.firstIndex(of: JournalLine.newline),
                  let end = bytes[(newline + 1)...].firstIndex(of: JournalLine.newline),
                  let (event, _) = Self.decode(bytes[(newline + 1) ..< end])
            else { break }
            if event.at < date { low = middle + newline + 1 } else { high = middle }
        }
        // `high` is a line boundary or the end; scanning backwards from it covers `date`.
        let bytes = try file.shared.descriptor.read(at: high, count: 4096)
        let boundary = high == file.size.load(ordering: .acquiring) ? high : high + (bytes.firstIndex(of: JournalLine.newline).map { $0 + 1 } ?? 0)
        return Self.position(file: file.number, offset: boundary)
    }

    /// Loading: reads every line after `mark` (everything, without one), calls `visit` with each
    /// event and its position, and cuts the archive at the first damaged or torn line (what
    /// follows the mark was never fsynced; the journal still holds it). Sets `lastID`.
    func recover(after mark: Mark?, _ visit: (EventRecord, Position) -> Void) throws(StoreError) {
        let startFile = mark.map { Self.file(of: $0.end) } ?? 0
        var damaged: (file: ArchiveFile, offset: Int)?
        for file in files where file.number >= startFile && damaged == nil {
            var offset = file.number == startFile ? Self.offset(of: mark!.end) : 0
            let size = file.size.load(ordering: .relaxed)
            if offset > size {
                throw .corrupt(path: file.path, detail: "it ends at byte \(size), before the \(offset) bytes the snapshot says were synced; "
                    + "restore the store directory from a backup")
            }
            var reader = LineBlockReader(file: file.shared.descriptor, blockSize: 4 << 20, offset: offset)
            while damaged == nil, let block = try reader.next() {
                for line in JournalLine.split(block) {
                    guard line.complete, let (event, _) = Self.decode(block[line.range]), event.id > lastID else {
                        damaged = (file, offset + line.range.lowerBound)
                        break
                    }
                    visit(event, Self.position(file: file.number, offset: offset + line.range.lowerBound))
                    lastID = event.id
                    shared.withLock { $0.counts.add(event) }
                }
                offset += block.count
            }
        }
        guard let damaged else { return }
        try damaged.file.shared.descriptor.truncate(to: damaged.offset)
        damaged.file.size.store(damaged.offset, ordering: .releasing)
        let later = shared.withLock { state in
            defer { state.files.removeAll { $0.number > damaged.file.number } }
            return state.files.filter { $0.number > damaged.file.number }
        }
        for file in later { try directory.remove(file.path) }
        logger.warning("store_events_tail_truncated", ["path": damaged.file.path, "at": String(damaged.offset),
                                                        "files_removed": String(later.count)])
    }
}
