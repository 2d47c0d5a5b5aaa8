import Foundation
import WeChat

/// Everything a store holds, secrets opened: what `wxopen migrate-store` copies from a file
/// store into a database and reads back to compare. Records are in key order (tickets and
/// tokens by component, authorizers by appid, events by id, entries by namespace and key,
/// deliveries by sequence).
package struct StoreContents: Sendable, Equatable {
    /// The component the store belongs to (`component.json`, `store_meta`), if recorded.
    package var owner: String?
    package var tickets: [StoredTicket] = []
    package var componentTokens: [StoredComponentToken] = []
    package var authorizers: [AuthorizerRecord] = []
    /// Oldest first.
    package var events: [EventRecord] = []
    /// The live ones.
    package var entries: [StoredEntry] = []
    /// The outbox's undelivered messages and events, oldest first, without leases (the store is
    /// not in use while it is copied, so a lease in it belonged to a process that is gone).
    package var deliveries: [OutboxDelivery] = []

    package init(owner: String? = nil) {
        self.owner = owner
    }

    /// The kinds of record, in the order they are copied and reported.
    package enum Kind: String, CaseIterable, Sendable {
        case tickets, componentTokens = "component_tokens", authorizers, events, entries, deliveries
    }

    package func count(_ kind: Kind) -> Int {
        switch kind {
        case .tickets: tickets.count
        case .componentTokens: componentTokens.count
        case .authorizers: authorizers.count
        case .events: events.count
        case .entries: entries.count
        case .deliveries: deliveries.count
        }
    }

    /// SHA-256 of the records of `kind`, each in the store's own JSON form (plaintext, one per
    /// line, in key order): equal for two stores that hold the same records, whatever their
    /// backends and however their secrets are sealed.
    package func checksum(_ kind: Kind) throws -> String {
        var writer = StoreJSONWriter(capacity: 1 << 16)
        func add(_ record: some StoreJSONCodable) throws { try record.write(to: &writer); writer.newline() }
        switch kind {
        case .tickets: for record in tickets.sorted(by: { $0.componentAppID < $1.componentAppID }) { try add(record) }
        case .componentTokens: for record in componentTokens.sorted(by: { $0.componentAppID < $1.componentAppID }) { try add(record) }
        case .authorizers: for record in authorizers.sorted(by: { Array($0.appID.utf8).lexicographicallyPrecedes(Array($1.appID.utf8)) }) { try add(record) }
        case .events: for record in events.sorted(by: { $0.id < $1.id }) { try add(record) }
        case .entries:
            for record in entries.sorted(by: { ($0.namespace.name, $0.key) < ($1.namespace.name, $1.key) }) { try add(record) }
        case .deliveries:
            for record in deliveries.sorted(by: { $0.sequence < $1.sequence }) { try record.write(to: &writer, dedupe: nil); writer.newline() }
        }
        return Crypto.hex(Crypto.sha256(writer.bytes))
    }
}

extension FileStore {
    /// Everything this store holds, secrets opened, entries live at `now` (for `migrate-store`).
    package func contents(now: Date) throws -> StoreContents {
        let (tickets, tokens, authorizers, entries, deliveries) = index.withLock { index in
            (Array(index.tickets.values), Array(index.componentTokens.values), index.slotsInOrder.map { index.records[Int($0)].record },
             index.liveEntries(at: now), Array(index.outbox.deliveries.values))
        }
        var contents = StoreContents(owner: try StoreOwner(directory: directory).recorded())
        contents.tickets = try tickets.map { stored in
            guard case .ticket(let ticket) = try secrets.open(.ticket(stored)) else { preconditionFailure("FileStore: kind changed") }
            return ticket
        }.sorted { $0.componentAppID < $1.componentAppID }
        contents.componentTokens = try tokens.map { stored in
            guard case .componentToken(let token) = try secrets.open(.componentToken(stored)) else { preconditionFailure("FileStore: kind changed") }
            return token
        }.sorted { $0.componentAppID < $1.componentAppID }
        // With their raw info, which is on disk beside the index (a database keeps it in the row).
        contents.authorizers = try authorizers.map { stored in
            var record = try secrets.open(stored)
            if record.info != nil { record.info?.rawJSON = try rawInfo(appID: record.appID) }
            return record
        }
        contents.events = try allEvents()
        contents.entries = try entries.map { stored in
            guard case .entry(let entry) = try secrets.open(.entry(stored)) else { preconditionFailure("FileStore: kind changed") }
            return entry
        }
        contents.deliveries = try deliveries.sorted { $0.sequence < $1.sequence }.map { stored in
            var delivery = try secrets.open(stored)
            delivery.leaseOwner = nil
            delivery.leaseExpiresAt = nil
            return delivery
        }
        return contents
    }

    /// Every event the archive still shows, oldest first, read page by page.
    private func allEvents() throws -> [EventRecord] {
        var newestFirst: [EventRecord] = []
        var query = EventQuery(limit: 500)
        while true {
            let page = try events(query)
            newestFirst += page.events
            guard let older = page.olderCursor else { return newestFirst.reversed() }
            query.cursor = older
        }
    }
}
