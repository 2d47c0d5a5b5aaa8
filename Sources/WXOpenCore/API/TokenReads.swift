import Foundation
import Synchronization

/// Which API keys read which account's token, and when (the console's "read recently by"), in
/// memory: an answer to "who uses this account", not an audit trail (the access log is that:
/// every token read's line names its key). Counted for `/metrics` too.
public final class TokenReads: Sendable {
    /// Accounts remembered at most; past it, reads older than `horizon` are forgotten first.
    public static let capacity = 200_000
    /// "Recently": what the console shows.
    public static let horizon: TimeInterval = 24 * 3600

    private let table = Mutex<[String: [String: Int64]]>([:])
    private let metrics: PlatformMetrics?

    public init(metrics: PlatformMetrics? = nil) { self.metrics = metrics }

    public func record(appID: String, key: String, at now: Date) {
        metrics?.tokenRead(key: key)
        let seconds = Int64(now.timeIntervalSince1970)
        table.withLock { table in
            if table[appID] == nil, table.count >= Self.capacity {
                let cutoff = seconds - Int64(Self.horizon)
                table = table.filter { $0.value.values.contains { $0 >= cutoff } }
                // Every account read within the day: drop an arbitrary half rather than grow.
                if table.count >= Self.capacity { table = Dictionary(uniqueKeysWithValues: table.prefix(Self.capacity / 2).map { ($0.key, $0.value) }) }
            }
            table[appID, default: [:]][key] = seconds
        }
    }

    /// The keys that read `appID`'s token within `horizon` of `now`, most recent first.
    public func readers(of appID: String, now: Date) -> [(key: String, at: Date)] {
        let cutoff = now.timeIntervalSince1970 - Self.horizon
        let readers = table.withLock { $0[appID] ?? [:] }
        return readers.filter { Double($0.value) >= cutoff }
            .map { (key: $0.key, at: Date(timeIntervalSince1970: TimeInterval($0.value))) }
            .sorted { $0.at > $1.at }
    }
}
