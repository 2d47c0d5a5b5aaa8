import Foundation
import WXOpenSupport

/// Refreshes authorizer tokens before callers need them, and keeps the component token warm.
///
/// An account is due when less than `margin + lead + jitter` remains, where the jitter is a fixed
/// fraction of the margin derived from its appid: 10,000 accounts authorized in the same
/// minute are spread over a whole margin's worth of time instead of refreshing in one second.
/// Under policy `hot` (`tokens.refreshPolicy`) only accounts read lately (`HotAccounts`) are
/// kept fresh that way; the others are refreshed on first use, and once every `keepAlive`
/// (spread over a tenth of it by the same kind of jitter) so that their refresh token is
/// exercised and a withdrawn authorization found.
///
/// Every instance on a store runs one, and each due account is refreshed by one of them: a pass
/// claims the due accounts in batches (`RefreshClaims.claim`, one store call per batch, each
/// account's claim leased), refreshes those it got and skips those another instance claimed.
/// Instances go through the due accounts in the same (deadline) order: a batch another instance
/// claimed first comes back empty and the next is claimed, so they leapfrog. A dead instance's
/// claims expire with their lease and its accounts, still due, go to whoever passes next.
///
/// Due accounts go in deadline order (when their margin is reached), and before each batch the
/// upstream concurrency is planned (`RefreshPace`) so that every account listed, due now or
/// soon, is refreshed before its deadline.
public final class TokenRefresher: Sendable {
    public struct Summary: Sendable, Equatable {
        public var checked = 0
        public var due = 0
        public var refreshed = 0
        public var failed = 0
        /// Due accounts another instance had claimed: that one refreshes them.
        public var claimedElsewhere = 0
        /// Of `due`, cold accounts refreshed to keep their refresh token exercised (policy `hot`).
        public var keepAlive = 0
        /// Accounts listed as expiring that were left alone as cold (policy `hot`).
        public var cold = 0
        /// The highest upstream concurrency the pass planned.
        public var concurrency = 0
    }

    /// WeChat's lifetime of an authorizer access token: how old a token is, from its expiry,
    /// when no refresh time is stored.
    static let tokenLifetime: TimeInterval = 7200
    /// A pass that ran this long looks again for accounts that came due meanwhile.
    static let recheckAfter: TimeInterval = 5
    /// The keep-alive of cold accounts is spread over this share of its period.
    static let keepAliveSpread = 0.1

    private let tokens: AuthorizerTokenManager
    private let componentTokens: ComponentTokenManager
    private let store: any Store
    private let clock: any WallClock
    private let logger: Logger
    /// Policy `hot`: a cold account's token is refreshed this long after its last refresh.
    let keepAlive: TimeInterval

    public init(tokens: AuthorizerTokenManager, componentTokens: ComponentTokenManager, store: any Store, clock: any WallClock,
                keepAlive: TimeInterval = 604_800, logger: Logger) {
        self.tokens = tokens
        self.componentTokens = componentTokens
        self.store = store
        self.clock = clock
        self.keepAlive = keepAlive
        self.logger = logger
    }

    /// The extra lead time for `appID`, in [0, margin): stable across runs and restarts.
    public static func jitter(for appID: String, margin: TimeInterval) -> TimeInterval {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in appID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return margin * Double(hash % 10_000) / 10_000
    }

    /// How long before its margin an account is due at the latest: passes come 30 s apart and
    /// take a while, so an account due only at its margin would be refreshed a little inside it.
    static let lead: TimeInterval = 60

    /// When `record`'s token should be refreshed (nil when it has no token at all: due now):
    /// between two margins and `margin + lead` before it expires, by its jitter.
    public func dueDate(_ record: AuthorizerRecord) -> Date? { dueDate(record.refreshCandidate) }

    func dueDate(_ record: RefreshCandidate) -> Date? {
        guard record.accessToken != nil, let expiresAt = record.accessTokenExpiresAt else { return nil }
        let lead = min(Self.lead, tokens.margin / 2)
        return expiresAt - tokens.margin - lead - Self.jitter(for: record.appID, margin: tokens.margin - lead)
    }

    /// When a cold account's keep-alive refresh is due: `keepAlive` after its last refresh, less its jitter.
    func keepAliveDate(_ record: AuthorizerRecord) -> Date { keepAliveDate(record.refreshCandidate) }

    func keepAliveDate(_ record: RefreshCandidate) -> Date {
        let refreshed = record.lastRefreshAt ?? record.accessTokenExpiresAt.map { $0 - Self.tokenLifetime } ?? .distantPast
        return refreshed + keepAlive - Self.jitter(for: record.appID, margin: keepAlive * Self.keepAliveSpread)
    }

    /// Keep-alive refreshes per pass at most: a backlog of them (a policy just switched, a
    /// bulk import) is worked off over several passes without holding up the hot accounts.
    var keepAliveBatch: Int { tokens.pace.ceiling * 8 }

    /// One pass over the authorized accounts: claim those that are due, batch by batch in
    /// deadline order, and refresh the claimed ones at the planned concurrency (the token
    /// manager bounds upstream calls with the same limit, read-triggered refreshes included).
    public func runOnce() async -> Summary {
        var summary = Summary()
        let now = clock.now()
        if (try? await componentTokens.token()) == nil {
            logger.debug("refresh_pass_without_component_token")
        }
        let hotAccounts = tokens.hotAccounts
        await hotAccounts?.flush()
        // Under `hot`, a token that expired before the hot window began is a cold account's:
        // none of those is listed every pass, only the ones whose keep-alive comes due. Of the
        // rest, only the hot ones are kept, page by page: after a restart with stale tokens
        // every account may be listed here.
        var expiring: [RefreshCandidate] = []
        var due = EarliestCandidates(limit: keepAliveBatch) { [self] in keepAliveDate($0) }
        let listed = await list(before: now + 2 * tokens.margin, after: hotAccounts.map { now - $0.hotFor }) { [self] page in
            guard let hotAccounts else { return expiring += page }
            let hot = await hotAccounts.hot(among: page.map(\.appID))
            for candidate in page {
                if hot.contains(candidate.appID) {
                    expiring.append(candidate)
                } else {
                    summary.cold += 1
                    if keepAliveDate(candidate) <= now { due.add(candidate) }
                }
            }
        }
        guard listed != nil else { return summary }
        var keptAlive: [RefreshCandidate] = []
        if hotAccounts != nil {
            let staleBefore = now - keepAlive * (1 - Self.keepAliveSpread) + Self.tokenLifetime
            let stale = await list(before: staleBefore, after: nil) { [self] page in
                for candidate in page where keepAliveDate(candidate) <= now { due.add(candidate) }
            }
            guard let stale else { return summary }
            summary.checked = stale
            keptAlive = due.earliest()
        }
        summary.checked += expiring.count + summary.cold
        // Each account with when its margin is reached (no token: now), earliest first.
        let ordered = expiring.map { ($0, ($0.accessTokenExpiresAt.map { $0 - tokens.margin } ?? now).timeIntervalSinceReferenceDate) }
            .sorted { $0.1 < $1.1 }
        let isDue = ordered.map { record, _ in dueDate(record).map { $0 <= now } ?? true }
        var queue = zip(ordered, isDue).filter(\.1).map(\.0)
        var waiting = zip(ordered, isDue).filter { !$0.1 }.map(\.0)
        summary.keepAlive = keptAlive.count
        guard !queue.isEmpty || !keptAlive.isEmpty else { return summary }

        let pace = tokens.pace
        var head = 0, lastLook = now
        var keepAliveTaken = false
        while true {
            if head == queue.count {
                // Accounts that came due while this pass ran are taken now, not a pass later
                // (looked for at most every few seconds: a quick pass leaves them to the next).
                let at = clock.now()
                if at.timeIntervalSince(lastLook) >= Self.recheckAfter {
                    lastLook = at
                    let ready = waiting.filter { record, _ in dueDate(record).map { $0 <= at } ?? true }
                    if !ready.isEmpty {
                        waiting.removeAll { record, _ in dueDate(record).map { $0 <= at } ?? true }
                        queue += ready
                        continue
                    }
                }
                // Then the cold accounts' keep-alives, once, behind every hot account.
                guard !keepAliveTaken, !keptAlive.isEmpty else { break }
                keepAliveTaken = true
                queue += keptAlive.map { ($0, Double.infinity) }
            }
            // What is left: the due accounts not yet taken and those coming due, in deadline order.
            let remaining = Self.merge(queue[head...].map(\.1).filter(\.isFinite), waiting.map(\.1))
            let limit = pace.plan(deadlines: remaining[...], now: clock.now())
            summary.concurrency = max(summary.concurrency, limit)
            await tokens.setConcurrency(limit)
            let batch = queue[head ..< min(head + limit * 8, queue.count)].map(\.0)
            head += batch.count
            let started = clock.now()
            guard let done = await claimAndRefresh(batch, concurrency: limit, summary: &summary) else { break }
            pace.observe(refreshes: done, elapsed: clock.now().timeIntervalSince(started), concurrency: limit)
        }
        summary.due = head
        logger.info("refresh_pass", ["checked": "\(summary.checked)", "due": "\(summary.due)", "refreshed": "\(summary.refreshed)",
                                     "failed": "\(summary.failed)", "claimed_elsewhere": "\(summary.claimedElsewhere)",
                                     "keep_alive": "\(summary.keepAlive)", "cold": "\(summary.cold)", "concurrency": "\(summary.concurrency)"])
        return summary
    }

    static func claimKey(_ appID: String) -> String { "authorizer:" + appID }

    /// Each authorized account whose token expires before `before` (and at or after `after`),
    /// page by page, to `visit`; how many there were, nil when the store failed.
    private func list(before: Date, after: Date?, _ visit: ([RefreshCandidate]) async -> Void) async -> Int? {
        var cursor: String?
        var count = 0
        repeat {
            do {
                var query = AuthorizerQuery(status: .authorized, limit: 500, cursor: cursor, tokenExpiringBefore: before, tokenExpiringAfter: after)
                query.countsTotal = false
                let page = try await store.listAuthorizers(query)
                await visit(page.authorizers.map(\.refreshCandidate))
                count += page.authorizers.count
                cursor = page.nextCursor
            } catch {
                logger.error("refresh_pass_failed", ["error": "\(error)"])
                return nil
            }
        } while cursor != nil
        return count
    }

    /// Claims `batch` and refreshes what it got, `concurrency` at a time; the number refreshed
    /// or failed, nil when the claim itself failed (the pass ends).
    private func claimAndRefresh(_ batch: [RefreshCandidate], concurrency: Int, summary: inout Summary) async -> Int? {
        let claimed: [StoredEntry]
        do {
            claimed = try await tokens.claims.claim(batch.map { Self.claimKey($0.appID) })
        } catch {
            logger.error("refresh_pass_failed", ["error": "\(error)"])
            return nil
        }
        summary.claimedElsewhere += batch.count - claimed.count
        // Each with the token it had when listed: refreshed unless that one was replaced meanwhile.
        let listed = Dictionary(batch.map { (Self.claimKey($0.appID), ($0.appID, $0.accessToken)) }, uniquingKeysWith: { first, _ in first })
        let results = await refresh(claimed.compactMap { claim in listed[claim.key].map { ($0.0, $0.1, claim) } }, concurrency: concurrency)
        summary.refreshed += results.filter { $0 }.count
        summary.failed += results.filter { !$0 }.count
        return results.count
    }

    /// Refreshes the claimed accounts, `concurrency` at a time; true for each that succeeded.
    private func refresh(_ accounts: [(appID: String, token: String?, claim: StoredEntry)], concurrency: Int) async -> [Bool] {
        let tokens = tokens
        var results: [Bool] = []
        await withTaskGroup(of: Bool.self) { group in
            var next = accounts.makeIterator()
            func start(_ account: (appID: String, token: String?, claim: StoredEntry)) {
                group.addTask { (try? await tokens.refresh(appID: account.appID, replacing: account.token, claim: account.claim)) != nil }
            }
            for _ in 0..<min(concurrency, accounts.count) { if let account = next.next() { start(account) } }
            while let result = await group.next() {
                results.append(result)
                if let account = next.next() { start(account) }
            }
        }
        return results
    }

    /// Two ascending arrays as one.
    static func merge(_ left: [Double], _ right: [Double]) -> [Double] {
        var merged: [Double] = []
        merged.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if j == right.count || (i < left.count && left[i] <= right[j]) { merged.append(left[i]); i += 1 } else { merged.append(right[j]); j += 1 }
        }
        return merged
    }

    /// Runs passes every `interval` until the task is cancelled.
    public func run(every interval: Duration = .seconds(30), sleep: @escaping Sleeper = Sleepers.real) async {
        while !Task.isCancelled {
            _ = await runOnce()
            do { try await sleep(interval) } catch { return }
        }
    }
}
