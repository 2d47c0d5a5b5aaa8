import Foundation

extension Store {
    /// `claimEntries` as one `writeEntry(… when: .absent)` per key, all submitted at once: each
    /// is atomic, which is all a claim needs, and the file store's group commit writes them with
    /// one fsync.
    public func claimEntries(_ namespace: EntryNamespace, keys: [String], value: String, expiresAt: Date,
                             now: Date) async throws -> [StoredEntry] {
        try await withThrowingTaskGroup(of: (Int, StoredEntry?).self) { group in
            for (index, key) in keys.enumerated() {
                group.addTask {
                    (index, try await self.writeEntry(namespace, key: key, value: value, expiresAt: expiresAt, now: now, when: .absent).entry)
                }
            }
            var claimed = [StoredEntry?](repeating: nil, count: keys.count)
            for try await (index, entry) in group { claimed[index] = entry }
            return claimed.compactMap { $0 }
        }
    }
}
