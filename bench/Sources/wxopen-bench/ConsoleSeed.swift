import Foundation
import WeChatSimulator
import WXOpenCore
import WXOpenSupport

/// `wxopen-bench console-seed --store PATH [--authorizers N] [--events N]`: a file store for
/// bench/console.sh, owned by the push signer's component (so `wxopen serve` with
/// `crash-config`'s configuration opens it): N accounts whose names, refs, authorization times,
/// token expiries, types and statuses differ (so that every order and filter has work to do),
/// and token refreshes and failures over the last 48 hours for the chart and the events page.
/// Encrypts when `WXOPEN_STORE_KEY` is set.
func consoleSeed(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["store", "authorizers", "events"],
                                          usage: "wxopen-bench console-seed --store PATH [--authorizers N] [--events N]"),
          let path = options.string("store")
    else { return 2 }
    let total = options.int("authorizers", default: 100_000)
    let events = options.int("events", default: 20_000)
    do {
        let started = ContinuousClock.now
        let store = try await FileStore(path: path, key: try StoreBench.keyFromEnvironment(),
                                        componentAppID: SimulatorConfiguration.Demo.componentAppID, logger: Logger(level: .warning))
        let now = Date()
        try await parallel(0 ..< total) { number in
            let record = ConsoleSeedData.authorizer(number, now: now)
            try await store.updateAuthorizer(appID: record.appID) { _ in record }
        }
        try await parallel(0 ..< events) { number in
            try await store.appendEvent(ConsoleSeedData.event(number, of: events, accounts: total, now: now))
        }
        try await store.compact()
        await store.close()
        print("seeded authorizers=\(total) events=\(events) in \(Int(StoreBench.seconds(ContinuousClock.now - started))) s")
        return 0
    } catch {
        print("console-seed failed: \(error)")
        return 1
    }
}

enum ConsoleSeedData {
    /// `StoreBench`'s realistic record, with the fields the console sorts and filters by spread
    /// out: names in another order than appids, 5 accounts per ref, a year of authorizations,
    /// expiries spread over 2 hours, 2 % revoked and 1 % needing re-authorization, and one name in a
    /// thousand holding markup.
    static func authorizer(_ number: Int, now: Date) -> AuthorizerRecord {
        var record = StoreBench.authorizer(number, updatedAt: now)
        record.componentAppID = SimulatorConfiguration.Demo.componentAppID
        let scrambled = (number &* 7_919) % 1_000_003
        record.info?.nickName = number % 1000 == 7 ? "<b>商户</b>\(scrambled)" : "商户\(scrambled)"
        record.ref = "cust-\(number % 20_000)"
        record.authorizedAt = now - Double((number &* 104_729) % (365 * 86_400))
        // 1 to 3 hours out: past the refresher's look-ahead (twice the 15 min margin), so that no
        // refresh runs during the measurement (WeChat is unreachable here; each would fail).
        record.accessTokenExpiresAt = now + 3600 + Double((number &* 31) % 7200)
        switch number % 100 {
        case 0, 1: record.status = .revoked
        case 2: record.status = .needsReauthorization
        default: break
        }
        return record
    }

    /// Refreshes, one in 40 failed, spread evenly over the last 48 hours.
    static func event(_ number: Int, of count: Int, accounts: Int, now: Date) -> EventRecord {
        let at = now - 48 * 3600 + Double(number) * (48 * 3600 / Double(max(count, 1)))
        let appID = StoreBench.appID(number % max(accounts, 1))
        if number % 40 == 0 {
            return EventRecord(at: at, kind: "token.refresh_failed", appID: appID, outcome: "failed", detail: "45009: api freq out of limit")
        }
        return EventRecord(at: at, kind: "token.refreshed", appID: appID, detail: "access token refreshed, expires in 7200 s")
    }
}
