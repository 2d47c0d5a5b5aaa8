import Foundation

extension Store {
    /// `entries(_:keys:now:)` as one `entry` lookup per key: the file and memory stores answer
    /// each from memory, so a batch costs no more than its lookups.
    public func entries(_ namespace: EntryNamespace, keys: [String], now: Date) async throws -> [StoredEntry] {
        var found: [StoredEntry] = []
        for key in Set(keys) {
            if let entry = try await entry(namespace, key: key, now: now) { found.append(entry) }
        }
        return found
    }
}
