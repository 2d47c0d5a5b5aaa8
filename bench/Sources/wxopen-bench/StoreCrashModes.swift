import Foundation
import WXOpenCore
import WXOpenSupport

/// `wxopen-bench store-writer --path P --start N [--writers K] [--compact-bytes B]`: for
/// bench/crash-store.sh. Writes accounts N, N+1, … (raw info included) and an event for each
/// with K concurrent writers until killed, and prints `ack N` the moment both writes of N have
/// returned (so: are durable). A small compaction
/// threshold makes kills land in compactions too.
func storeWriter(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(
        args, allowed: ["path", "start", "writers", "compact-bytes"],
        usage: "wxopen-bench store-writer --path PATH --start N [--writers K] [--compact-bytes B]"),
        let path = options.string("path")
    else { return 2 }
    let writers = options.int("writers", default: 8)
    let configuration = FileStore.Configuration(compactionJournalBytes: options.int("compact-bytes", default: 256 << 10))
    do {
        let store = try await FileStore(
            path: path, key: try StoreBench.keyFromEnvironment(), logger: Logger(level: .warning), configuration: configuration)
        let next = NumberDispenser(from: options.int("start", default: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0 ..< writers {
                group.addTask {
                    while true {
                        let number = next.take()
                        let record = crashRecord(number)
                        try await store.updateAuthorizer(appID: record.appID) { _ in record }
                        // And an event, so that kills land in the event archive's appends too.
                        try await store.appendEvent(crashEvent(number, appID: record.appID))
                        StoreBench.emit("ack \(number)")
                    }
                }
            }
            try await group.waitForAll()
        }
        return 0
    } catch {
        print("store-writer failed: \(error)")
        return 1
    }
}

/// `wxopen-bench store-verify --path P --acks FILE`: loads the store and checks that every
/// account acknowledged in FILE (lines `ack N`) is stored exactly as written, raw info included, with its event. Exit 1 otherwise.
func storeVerify(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["path", "acks"], usage: "wxopen-bench store-verify --path PATH --acks FILE"),
          let path = options.string("path"), let acksPath = options.string("acks")
    else { return 2 }
    do {
        let acks = try String(contentsOfFile: acksPath, encoding: .utf8)
        // A line the kill cut short was never a complete acknowledgement.
        let acked = acks.split(separator: "\n", omittingEmptySubsequences: true)
            .dropLast(acks.hasSuffix("\n") ? 0 : 1)
            .compactMap { $0.hasPrefix("ack ") ? Int($0.dropFirst(4)) : nil }
        let store = try await FileStore(path: path, key: try StoreBench.keyFromEnvironment(), logger: Logger(level: .info))
        var wrong: [Int] = []
        for number in acked {
            let expected = crashRecord(number)
            // The record comes back without its raw info, which is read from info-N.jsonl: both must.
            var stored = try store.authorizer(appID: expected.appID)
            if stored != nil { stored?.info?.rawJSON = try store.rawInfo(appID: expected.appID) }
            let events = try store.events(EventQuery(appID: expected.appID, limit: 5)).events
            if stored != expected || !events.contains(where: { $0.detail == crashEvent(number, appID: expected.appID).detail }) {
                wrong.append(number)
            }
        }
        let stored = store.authorizerCounts().total
        await store.close()
        guard wrong.isEmpty else {
            print("store-verify: \(wrong.count) of \(acked.count) acknowledged writes missing or wrong, e.g. \(wrong.prefix(10))")
            return 1
        }
        print("store-verify: ok acked=\(acked.count) stored=\(stored)")
        return 0
    } catch {
        print("store-verify: the store does not load: \(error)")
        return 1
    }
}

/// A record fully determined by its number, so the verifier can compare it field by field.
private func crashEvent(_ number: Int, appID: String) -> EventRecord {
    EventRecord(at: Date(), kind: "bench.crash_write", appID: appID, detail: "write \(number)")
}

private func crashRecord(_ number: Int) -> AuthorizerRecord {
    StoreBench.authorizer(number, updatedAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(number)))
}
