import Foundation
import WeChatSimulator
import WXOpenCore
import WXOpenPostgres
import WXOpenSupport

/// `wxopen-bench refresh-fleet --store-url U [--accounts N] [--instances K] [--concurrency C]`: for
/// bench/postgres.sh. N accounts WeChat knows are stored in the database with expired access
/// tokens; then the refresher runs one pass on each of K instances at once. Prints the time until
/// every account is refreshed, the upstream calls (which must equal N: each account refreshed
/// by exactly one instance), and what each instance did.
func refreshFleet(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["store-url", "accounts", "instances", "concurrency"],
                                          usage: "wxopen-bench refresh-fleet --store-url U [--accounts N] [--instances K] [--concurrency C]"),
          let url = options.string("store-url") else { return 2 }
    let count = options.int("accounts", default: 100_000)
    do {
        let bench = try await BenchPlatform.start(port: 0, concurrency: options.int("concurrency", default: 8), logLevel: .warning,
                                                  storeURL: url, instances: options.int("instances", default: 2))
        let created = bench.simulator.bulkCreateAccounts(count: count, authorize: true)
        let prefix = String(created.firstAppID?.dropLast(8) ?? "wxsim")
        let now = Date(), component = bench.app.platform.componentAppID
        var contents = StoreContents()
        contents.authorizers = (1 ... count).map { number in
            let appID = prefix + String(format: "%08d", number)
            var record = AuthorizerRecord(appID: appID, componentAppID: component, updatedAt: now)
            record.refreshToken = bench.simulator.authorization(of: appID)?.refreshToken
            record.accessToken = "expired-\(appID)"
            record.accessTokenExpiresAt = now - 1
            record.authorizedAt = now
            return record
        }
        let seeding = Date()
        let seeder = try await PostgresStore.open(url: url, key: try StoreBench.keyFromEnvironment(), logger: Logger(level: .error),
                                                  configuration: .init(notifications: false))
        try await seeder.importContents(contents) { _, _ in }
        await seeder.close()
        print("accounts=\(count) instances=\(bench.apps.count) concurrency_per_instance=\(options.int("concurrency", default: 8)) "
              + "seed_s=\(String(format: "%.1f", Date().timeIntervalSince(seeding)))")
        bench.simulator.resetCounters()

        let started = Date()
        let summaries = await withTaskGroup(of: TokenRefresher.Summary.self) { group in
            for app in bench.apps { group.addTask { await app.refresher.runOnce() } }
            return await group.reduce(into: [TokenRefresher.Summary]()) { $0.append($1) }
        }
        let elapsed = Date().timeIntervalSince(started)
        let upstream = bench.simulator.counters()["api_authorizer_token"] ?? 0
        let left = try await bench.app.platform.store.listAuthorizers(AuthorizerQuery(status: .authorized, limit: 1, tokenExpiringBefore: now + 60))
        for (index, summary) in summaries.enumerated() {
            print("instance_\(index): due=\(summary.due) refreshed=\(summary.refreshed) failed=\(summary.failed) claimed_elsewhere=\(summary.claimedElsewhere)")
        }
        print("upstream_calls=\(upstream) accounts_left_unrefreshed=\(left.totalMatching) all_refreshed_s=\(String(format: "%.1f", elapsed)) "
              + "refreshes_per_s=\(Int(Double(count) / elapsed))")
        let ok = upstream == count && left.totalMatching == 0
        print(ok ? "each account refreshed once: yes" : "each account refreshed once: NO")
        await bench.stop()
        return ok ? 0 : 1
    } catch {
        print("refresh-fleet failed: \(error)")
        return 1
    }
}
