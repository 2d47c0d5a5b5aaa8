import Foundation
import WeChatSimulator
import WXOpenCore

/// `wxopen-bench tokens-storm [--accounts N] [--latency-ms L] [--concurrency C]`: N accounts
/// whose access tokens all expire at once, the simulator answering every call after L ms. One
/// refresh pass brings them all back; meanwhile a client keeps asking the API for a warm token.
/// Prints the time until all are refreshed, the most upstream calls in flight, and the API's
/// latency during the storm.
func tokensStorm(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["accounts", "latency-ms", "concurrency"],
                                          usage: "wxopen-bench tokens-storm [--accounts N] [--latency-ms L] [--concurrency C]") else { return 2 }
    let count = options.int("accounts", default: 10_000)
    let latency = Double(options.int("latency-ms", default: 50)) / 1000
    do {
        let bench = try await BenchPlatform.start(port: 0, concurrency: options.int("concurrency", default: 4), logLevel: .warning)
        let warm = "wx8f3c2a1b5d6e7f90"
        _ = try await bench.simulator.authorize(appID: warm, sendPush: true)
        _ = try await bench.app.tokens.accessToken(appID: warm)

        // N accounts WeChat knows, stored with their refresh tokens and an expired access token.
        let created = bench.simulator.bulkCreateAccounts(count: count, authorize: true)
        let prefix = String(created.firstAppID?.dropLast(8) ?? "wxsim")
        let store = bench.app.platform.store, now = Date(), component = bench.app.platform.componentAppID
        let setupStarted = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for start in stride(from: 1, through: count, by: count / 16 + 1) {
                let appIDs = (start ..< min(count + 1, start + count / 16 + 1)).map { prefix + String(format: "%08d", $0) }
                let refreshTokens = appIDs.map { bench.simulator.authorization(of: $0)?.refreshToken }
                group.addTask {
                    for (appID, refreshToken) in zip(appIDs, refreshTokens) {
                        try await store.updateAuthorizer(appID: appID) { _ in
                            var record = AuthorizerRecord(appID: appID, componentAppID: component, updatedAt: now)
                            record.refreshToken = refreshToken
                            record.accessToken = "expired-\(appID)"
                            record.accessTokenExpiresAt = now.addingTimeInterval(-1)
                            record.authorizedAt = now
                            return record
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        print("accounts=\(count) setup_s=\(String(format: "%.1f", Date().timeIntervalSince(setupStarted))) upstream_latency_ms=\(Int(latency * 1000)) concurrency=\(options.int("concurrency", default: 4))")
        bench.simulator.setLatency(latency)

        // A client of the API for the whole storm: one warm-token request every 20 ms.
        let port = bench.app.server.port, key = bench.apiKey
        let probe = Task.detached { () -> [Double] in
            var samples: [Double] = []
            var connection = try? KeepAliveConnection(port: port)
            while !Task.isCancelled {
                if connection == nil { connection = try? KeepAliveConnection(port: port) }
                let started = Date()
                let status = (try? connection?.request("GET", "/api/v1/authorizers/\(warm)/access-token",
                                                       headers: "Authorization: Bearer \(key)\r\n"))?.status
                if status == nil { connection = nil }
                samples.append(status == 200 ? Date().timeIntervalSince(started) : -1)
                try? await Task.sleep(for: .milliseconds(20))
            }
            return samples
        }
        let started = Date()
        let summary = await bench.app.refresher.runOnce()
        let elapsed = Date().timeIntervalSince(started)
        probe.cancel()
        let samples = await probe.value
        let answered = samples.filter { $0 >= 0 }.sorted()
        let peak = await bench.app.tokens.peakConcurrency()
        let upstream = bench.simulator.counters()["api_authorizer_token"] ?? 0
        print("refreshed=\(summary.refreshed) failed=\(summary.failed) upstream_calls=\(upstream) all_refreshed_s=\(String(format: "%.1f", elapsed)) refreshes_per_s=\(Int(Double(summary.refreshed) / elapsed))")
        print("max_upstream_in_flight=\(peak)")
        func percentile(_ p: Double) -> String {
            answered.isEmpty ? "-" : String(format: "%.2f", answered[min(answered.count - 1, Int(Double(answered.count) * p))] * 1000)
        }
        print("api_during_storm: requests=\(samples.count) errors=\(samples.count - answered.count) p50_ms=\(percentile(0.5)) p99_ms=\(percentile(0.99)) max_ms=\(percentile(1))")
        await bench.stop()
        return summary.failed == 0 && samples.count == answered.count ? 0 : 1
    } catch {
        print("tokens-storm failed: \(error)")
        return 1
    }
}
