import Foundation
import WXOpenCore
import WXOpenSupport

/// `wxopen-bench store [--authorizers N] [--samples N] [--writers N] [--dir PATH]`: the file
/// store at scale. Sequential write latency with 1,000 and with N accounts (it should not grow
/// with N), throughput of concurrent writers (group commit), compaction, listing, then load time
/// and peak memory of a fresh process opening the N accounts. Encrypts when `WXOPEN_STORE_KEY` is set.
func storeBenchmark(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(
        args, allowed: ["authorizers", "samples", "writers", "dir"],
        usage: "wxopen-bench store [--authorizers N] [--samples N] [--writers N] [--dir PATH]")
    else { return 2 }
    let total = options.int("authorizers", default: 100_000)
    let samples = options.int("samples", default: 2_000)
    let writers = options.int("writers", default: 64)
    // A directory given with --dir is kept, for a look at the files or a second `store-load`.
    let keep = options.string("dir") != nil
    let directory = options.string("dir") ?? FileManager.default.temporaryDirectory
        .appendingPathComponent("wxopen-store-bench-\(getpid())").path
    defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
    let path = directory + "/data"

    do {
        let key = try StoreBench.keyFromEnvironment()
        let sink = CountingSink()
        let store = try await FileStore(path: path, key: key, logger: Logger(level: .info, sink: sink))
        print("encrypted=\(key == nil ? "no" : "yes") authorizers=\(total) writers=\(writers) samples=\(samples)")

        _ = try await concurrentWrites(store, numbers: 0 ..< 1_000, writers: writers)
        let small = try await sequentialLatency(store, samples: samples, among: 1_000)
        print("write_latency_1k_ms p50=\(small.p50) p99=\(small.p99) max=\(small.max)")

        let inserted = try await concurrentWrites(store, numbers: 1_000 ..< total, writers: writers)
        print("insert_throughput_per_s=\(Int(Double(total - 1_000) / inserted)) (\(writers) writers, \(sink.count("store_compacted")) compactions)")
        let updated = try await concurrentWrites(store, numbers: 0 ..< min(total, 20_000), writers: writers)
        print("update_throughput_per_s=\(Int(Double(min(total, 20_000)) / updated)) (\(writers) writers, \(total) accounts)")
        let single = try await concurrentWrites(store, numbers: 0 ..< min(total, 2_000), writers: 1)
        print("update_throughput_per_s=\(Int(Double(min(total, 2_000)) / single)) (1 writer)")

        let compactionStart = ContinuousClock.now
        try await store.compact()
        print("compaction_ms=\(Int(StoreBench.seconds(ContinuousClock.now - compactionStart) * 1000))")

        let large = try await sequentialLatency(store, samples: samples, among: total)
        print("write_latency_\(total / 1000)k_ms p50=\(large.p50) p99=\(large.p99) max=\(large.max)")

        try listTimings(store)
        // Push handling per second, against this store, goes here (a later part adds it).
        await store.close()
        print("snapshot_bytes=\(StoreBench.fileSize(path + "/snapshot.jsonl")) journal_bytes=\(StoreBench.fileSize(path + "/journal.jsonl"))")

        // Load in a fresh process, so that its peak memory is the load's alone.
        fflush(nil)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["store-load", "--path", path]
        try child.run()
        child.waitUntilExit()
        return child.terminationStatus
    } catch {
        print("store benchmark failed: \(error)")
        return 1
    }
}

/// `wxopen-bench store-load --path P`: opens the store and prints load time and peak RSS.
func storeLoad(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["path"], usage: "wxopen-bench store-load --path PATH"),
          let path = options.string("path")
    else { return 2 }
    do {
        let before = StoreBench.rssKiB()
        let started = ContinuousClock.now
        let store = try await FileStore(path: path, key: try StoreBench.keyFromEnvironment(), logger: Logger(level: .warning))
        let elapsed = ContinuousClock.now - started
        let count = store.authorizerCounts().total
        let after = StoreBench.rssKiB()
        print("load_ms=\(Int(StoreBench.seconds(elapsed) * 1000)) authorizers=\(count) peak_rss_mb=\(StoreBench.peakRSSKiB() / 1024)"
            + " rss_mb=\(after / 1024) resident_bytes_per_account=\(count > 0 ? (after - before) * 1024 / count : 0)")
        await store.close()
        return 0
    } catch {
        print("store-load failed: \(error)")
        return 1
    }
}

/// Writes `numbers` with `writers` concurrent tasks; returns the seconds taken.
private func concurrentWrites(_ store: FileStore, numbers: Range<Int>, writers: Int) async throws -> Double {
    let next = NumberDispenser(from: numbers.lowerBound)
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0 ..< writers {
            group.addTask {
                while true {
                    let number = next.take()
                    guard number < numbers.upperBound else { return }
                    let record = StoreBench.authorizer(number, updatedAt: Date())
                    try await store.updateAuthorizer(appID: record.appID) { _ in record }
                }
            }
        }
        try await group.waitForAll()
    }
    return StoreBench.seconds(ContinuousClock.now - started)
}

/// One `updateAuthorizer` at a time on random existing accounts, as a token refresh does it.
private func sequentialLatency(_ store: FileStore, samples: Int, among count: Int) async throws -> (p50: String, p99: String, max: String) {
    var durations: [Double] = []
    durations.reserveCapacity(samples)
    for _ in 0 ..< samples {
        let appID = StoreBench.appID(Int.random(in: 0 ..< count))
        let started = ContinuousClock.now
        try await store.updateAuthorizer(appID: appID) { current in
            var record = current
            record?.accessToken = "81_refreshed_" + String(repeating: "B", count: 120)
            record?.accessTokenExpiresAt = Date().addingTimeInterval(7200)
            return record
        }
        durations.append(StoreBench.seconds(ContinuousClock.now - started) * 1000)
    }
    durations.sort()
    let format = { (value: Double) in String(format: "%.2f", value) }
    return (format(durations[samples / 2]), format(durations[samples * 99 / 100]), format(durations[samples - 1]))
}

/// Median time of one page of 50 for typical console and refresher queries.
private func listTimings(_ store: FileStore) throws {
    let queries: [(String, AuthorizerQuery)] = [
        ("first_page", AuthorizerQuery(limit: 50)),
        ("status_page", AuthorizerQuery(status: .authorized, type: .miniProgram, limit: 50)),
        ("search_page", AuthorizerQuery(search: "科技有限公司9", limit: 50)),
        ("expiring_page", AuthorizerQuery(limit: 50, tokenExpiringBefore: Date().addingTimeInterval(3600))),
    ]
    var parts: [String] = []
    for (name, query) in queries {
        var durations: [Double] = []
        for _ in 0 ..< 21 {
            let started = ContinuousClock.now
            _ = try store.listAuthorizers(query)
            durations.append(StoreBench.seconds(ContinuousClock.now - started) * 1000)
        }
        parts.append("\(name)=" + String(format: "%.2f", durations.sorted()[10]))
    }
    print("list_ms " + parts.joined(separator: " "))
}
