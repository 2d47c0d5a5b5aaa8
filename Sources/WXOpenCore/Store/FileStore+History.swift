import Foundation

/// What the file store keeps on disk rather than in memory, read when a page asks: the raw
/// account info (`RawInfoFile`) and the event history (`EventArchive`). Events are journaled
/// like every write; the group commit then appends them to the archive.
extension FileStore {
    public func rawInfo(appID: String) throws -> String? {
        guard let location = index.withLock({ $0.rawInfoLocation(appID: appID) }) else { return nil }
        return try rawInfoFile.read(location, appID: appID)
    }

    @discardableResult
    public func appendEvent(_ event: EventRecord) async throws -> EventRecord {
        guard case .event(let stored) = try await submit(.appendEvent(event)) else {
            preconditionFailure("FileStore: appendEvent planned another outcome")
        }
        return stored
    }

    public func events(_ query: EventQuery) throws -> EventPage {
        let head = query.appID.flatMap { appID in index.withLock { $0.eventHead(appID: appID) } }
        return try archive.page(query, now: clock.now(), head: head)
    }

    public func eventCounts(since: Date) -> [EventHourCount] {
        archive.counts.counts(since: since)
    }

    /// On `queue`, after the batch's journal lines are durable: appends its events to the
    /// archive and returns the appids' new newest positions. A failure is kept (compaction must
    /// not drop the journal's events until a restart has archived them) and logged, never
    /// thrown: the events are durable in the journal.
    func archiveEvents(_ events: [EventRecord]) -> [(appID: String, position: EventArchive.Position)] {
        guard !events.isEmpty, journal.archiveFailure == nil else { return [] }
        do {
            return try archive.append(events) { appID in index.withLock { $0.eventHead(appID: appID) } }
        } catch {
            journal.archiveFailure = error
            logger.error("store_events_not_archived", [
                "path": path, "error": "\(error)",
                "effect": "events stay in the journal, which is not compacted until wxopen restarts and archives them",
            ])
            return []
        }
    }
}
