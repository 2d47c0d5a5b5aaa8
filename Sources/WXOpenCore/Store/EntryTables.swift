import Foundation

/// The file and memory stores' entries (`StoredEntry`), one table per namespace, so that
/// listing or pruning one namespace (a rollout's accounts) never walks another (the
/// hundreds of thousands of message-dedupe entries).
struct EntryTables: Sendable {
    /// One namespace's live (and not yet pruned) entries by key.
    private struct Table: Sendable {
        var entries: [String: StoredEntry] = [:]
        /// Expired entries are swept when there are this many, which then doubles from what is
        /// left: pruning costs O(1) per write, and a table stays within twice its live entries.
        var pruneSize = EntryTables.pruneMinimum
    }

    static let pruneMinimum = 1024

    private var tables: [String: Table] = [:]

    func entry(_ namespace: String, key: String) -> StoredEntry? {
        tables[namespace]?.entries[key]
    }

    /// Stores `entry`, or removes its key when it is a tombstone.
    mutating func apply(_ entry: StoredEntry) {
        let name = entry.namespace.name
        var table = tables.removeValue(forKey: name) ?? Table()
        table.entries[entry.key] = entry.isTombstone ? nil : entry
        if table.entries.count >= table.pruneSize {
            table.entries = table.entries.filter { $0.value.isLive(at: entry.writtenAt) }
            table.pruneSize = max(EntryTables.pruneMinimum, table.entries.count * 2)
        }
        if !table.entries.isEmpty { tables[name] = table }
    }

    /// See `Store.entries`: live entries of one namespace whose key starts with `prefix`, after
    /// `after`, in ascending UTF-8 byte order of their keys (PostgreSQL's `COLLATE "C"`).
    func entries(_ namespace: String, keyPrefix prefix: String, after: String?, limit: Int, now: Date) -> [StoredEntry] {
        guard let table = tables[namespace], limit > 0 else { return [] }
        let matching = table.entries.values.filter { entry in
            entry.isLive(at: now) && entry.key.utf8.starts(with: prefix.utf8)
                && (after.map { $0.utf8.lexicographicallyPrecedes(entry.key.utf8) } ?? true)
        }
        return Array(matching.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.prefix(limit))
    }

    /// Every live entry, ordered by namespace then key (what a snapshot writes).
    func live(at now: Date) -> [StoredEntry] {
        tables.keys.sorted().flatMap { name in
            tables[name]!.entries.values.filter { $0.isLive(at: now) }.sorted { $0.key < $1.key }
        }
    }
}
