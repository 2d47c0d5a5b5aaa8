import Foundation
import WeChatSimulator
import WXOpenCore
import WXOpenSupport

/// `wxopen-bench refresh-policy [--accounts N] [--hot-percent P] [--hours H] [--latency-ms L]
/// [--policy all|hot|both] [--synchronized 0|1] [--concurrency C] [--max-concurrency M]`: the real
/// token manager and refresher on a memory store and an injected clock, against
/// `SimulatedUpstream`. P% of the accounts are hot: each is read every 15 minutes; the others are
/// never read. Each policy starts from its own steady state (policy `all`: every token refreshed
/// within the last 1.5 h; `hot`: the hot ones so, the cold ones' keep-alives spread over the
/// coming period); `--synchronized 1` instead gives every hot account a token obtained at the
/// same instant, the worst case for keeping up. Passes run every 30 simulated seconds after the
/// previous one ended, as `TokenRefresher.run` does. Prints upstream calls per hour and per
/// account per day, and whether any hot account reached its margin.
func refreshPolicy(_ args: [String]) async -> Int32 {
    let usage = "wxopen-bench refresh-policy [--accounts N] [--hot-percent P] [--hours H] [--latency-ms L] [--policy all|hot|both] "
        + "[--synchronized 0|1] [--concurrency C] [--max-concurrency M]"
    guard let options = StoreBenchOptions(args, allowed: ["accounts", "hot-percent", "hours", "latency-ms", "policy", "synchronized",
                                                          "concurrency", "max-concurrency"], usage: usage) else { return 2 }
    let policies: [Configuration.Tokens.RefreshPolicy] = switch options.string("policy") ?? "both" {
    case "all": [.all]
    case "hot": [.hot]
    default: [.all, .hot]
    }
    var failed = false
    for policy in policies {
        do {
            let simulation = RefreshSimulation(
                policy: policy, accounts: options.int("accounts", default: 100_000), hotPercent: options.int("hot-percent", default: 10),
                hours: options.int("hours", default: 48), latency: Double(options.int("latency-ms", default: 50)) / 1000,
                synchronized: options.int("synchronized", default: 0) == 1, concurrency: options.int("concurrency", default: 4),
                maxConcurrency: options.int("max-concurrency", default: 32))
            failed = try await !simulation.run() || failed
        } catch {
            print("refresh-policy failed: \(error)")
            failed = true
        }
    }
    return failed ? 1 : 0
}

struct RefreshSimulation {
    let policy: Configuration.Tokens.RefreshPolicy
    let accounts: Int
    let hotPercent: Int
    let hours: Int
    let latency: TimeInterval
    let synchronized: Bool
    let concurrency: Int
    let maxConcurrency: Int
    let passInterval: TimeInterval = 30
    let readInterval: TimeInterval = 900

    /// A fraction in [0, 1) that depends only on `i` and `salt`.
    static func spread(_ i: Int, _ salt: UInt64) -> Double {
        var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 ^ salt
        x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return Double((x ^ (x >> 29)) % 1_000_000) / 1_000_000
    }

    /// True when the hot accounts never reached their margin.
    func run() async throws -> Bool {
        typealias Demo = SimulatorConfiguration.Demo
        let clock = SimulatorClock(base: StillClock(date: Date(timeIntervalSince1970: 1_800_000_000)))
        let t0 = clock.now()
        let appIDs = (1...accounts).map { String(format: "wxsim%08d", $0) }
        let hotIDs = appIDs.enumerated().filter { $0.offset % 100 < hotPercent }.map(\.element)
        var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                           token: Demo.token, encodingAESKey: Demo.encodingAESKey))
        configuration.store.kind = .memory
        configuration.wechat.apiBaseURL = "http://wechat.sim"
        configuration.tokens.refreshPolicy = policy
        configuration.tokens.refreshConcurrency = concurrency
        configuration.tokens.maxConcurrency = maxConcurrency
        let margin = TimeInterval(configuration.tokens.authorizerRefreshMarginSeconds)
        let keepAlive = TimeInterval(configuration.tokens.keepAliveSeconds)
        let upstream = SimulatedUpstream(clock: clock, latency: latency, margin: margin, hot: Set(hotIDs))
        let store = MemoryStore()
        let app = try await PlatformApp.open(configuration: configuration, logger: Logger(level: .error), environment: [:], clock: clock,
                                             transport: upstream, store: store, sleep: { _ in })
        let tokens = app.tokens
        upstream.tokens.withLock { $0 = tokens }
        try await store.saveTicket(StoredTicket(componentAppID: Demo.componentAppID, ticket: "sim-ticket", receivedAt: t0, createTime: t0))

        let setup = Date()
        let hotSet = Set(hotIDs)
        var expiries: [String: Date] = [:]
        for (i, appID) in appIDs.enumerated() {
            let refreshed: Date
            if hotSet.contains(appID) || policy == .all {
                refreshed = synchronized && hotSet.contains(appID) ? t0 : t0 - Self.spread(i, 1) * 5400
            } else {
                // Its keep-alive falls due at a uniformly spread moment of the coming period.
                refreshed = t0 + Self.spread(i, 2) * keepAlive - keepAlive + TokenRefresher.jitter(for: appID, margin: keepAlive * 0.1)
            }
            expiries[appID] = refreshed + 7200
            try await store.updateAuthorizer(appID: appID) { _ in
                var record = AuthorizerRecord(appID: appID, componentAppID: Demo.componentAppID, updatedAt: refreshed)
                record.refreshToken = "rt-\(appID)"
                record.accessToken = "seed-\(appID)"
                record.accessTokenExpiresAt = refreshed + 7200
                record.lastRefreshAt = refreshed
                record.authorizedAt = refreshed
                return record
            }
        }
        upstream.stats.withLock { $0.expiry = expiries }
        // Each hot account is read every `readInterval`, at its own phase: one slot per pass interval.
        let slots = Int(readInterval / passInterval)
        var readSlots = [[String]](repeating: [], count: slots)
        for (i, appID) in hotIDs.enumerated() { readSlots[Int(Self.spread(i, 3) * Double(slots))].append(appID) }
        print("policy=\(policy.rawValue) accounts=\(accounts) hot=\(hotIDs.count) hours=\(hours) upstream_latency_ms=\(Int(latency * 1000)) "
            + "concurrency=\(concurrency)..\(maxConcurrency) synchronized=\(synchronized) setup_s=\(String(format: "%.1f", Date().timeIntervalSince(setup)))")

        let started = Date(), end = t0 + TimeInterval(hours) * 3600
        var step = 0, readFailures = 0, failures = 0, readTriggered = 0, keptAlive = 0, peak = 0, passes = 0
        var longestPass: TimeInterval = 0
        var lastTicket = t0
        while clock.now() < end {
            // WeChat pushes a ticket every 10 minutes; one lives 12 h.
            if clock.now().timeIntervalSince(lastTicket) >= 600 {
                lastTicket = clock.now()
                try await store.saveTicket(StoredTicket(componentAppID: Demo.componentAppID, ticket: "sim-ticket", receivedAt: lastTicket,
                                                        createTime: lastTicket))
            }
            let before = upstream.stats.withLock { $0.calls }
            for appID in readSlots[step % slots] where (try? await tokens.accessToken(appID: appID)) == nil { readFailures += 1 }
            readTriggered += upstream.stats.withLock { $0.calls } - before
            let passStart = clock.now()
            let summary = await app.refresher.runOnce()
            longestPass = max(longestPass, clock.now().timeIntervalSince(passStart))
            keptAlive += summary.keepAlive
            failures += summary.failed
            peak = max(peak, summary.concurrency)
            passes += 1
            clock.advance(by: passInterval)
            step += 1
        }
        let stats = upstream.stats.withLock { $0 }
        await app.shutdown()
        let days = Double(hours) / 24
        let perHour = (0..<hours).map { stats.perHour[$0] ?? 0 }
        let cold = accounts - hotIDs.count
        func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        print("  upstream_calls=\(stats.calls) per_hour_avg=\(Int(Double(stats.calls) / Double(hours))) per_hour_max=\(perHour.max() ?? 0) "
            + "per_hour_min=\(perHour.min() ?? 0) per_account_per_day=\(f(Double(stats.calls) / Double(accounts) / days)) "
            + "at_1M_accounts_per_day=\(Int(Double(stats.calls) / Double(accounts) / days * 1_000_000))")
        print("  hot_per_account_per_day=\(f(Double(stats.hotCalls) / Double(max(1, hotIDs.count)) / days)) "
            + "cold_per_account_per_day=\(f(Double(stats.calls - stats.hotCalls) / Double(max(1, cold)) / days, 3)) "
            + "keep_alive_refreshes=\(keptAlive) read_triggered_calls=\(readTriggered) read_failures=\(readFailures) refresh_failures=\(failures)")
        print("  hot_reached_margin=\(stats.hotReachedMargin) min_hot_remaining_s=\(Int(stats.minHotRemaining)) "
            + "peak_concurrency=\(peak) longest_pass_s=\(Int(longestPass)) passes=\(passes) wall_s=\(f(Date().timeIntervalSince(started), 1))")
        print("  per_hour: " + perHour.map(String.init).joined(separator: " "))
        return stats.hotReachedMargin == 0 && readFailures == 0 && failures == 0
    }
}
