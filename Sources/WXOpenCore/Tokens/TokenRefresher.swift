import Foundation
import WXOpenSupport

/// Refreshes authorizer tokens before callers need them, and keeps the component token warm.
///
/// An account is due when less than `margin + jitter` remains, where the jitter is a fixed
/// fraction of the margin derived from its appid: 10,000 accounts authorized in the same
/// minute are spread over a whole margin's worth of time instead of refreshing in one second.
///
/// Every instance on a store runs one, and each due account is refreshed by one of them: a pass
/// claims the due accounts in batches (`RefreshClaims.claim`, one store call per batch, each
/// account's claim leased), refreshes those it got and skips those another instance claimed.
/// Instances start at different batches (from their ids), so they meet rarely. A dead instance's
/// claims expire with their lease and its accounts, still due, go to whoever passes next.
public final class TokenRefresher: Sendable {
    public struct Summary: Sendable, Equatable {
        public var checked = 0
        public var due = 0
        public var refreshed = 0
        public var failed = 0
        /// Due accounts another instance had claimed: that one refreshes them.
        public var claimedElsewhere = 0
    }

    private let tokens: AuthorizerTokenManager
    private let componentTokens: ComponentTokenManager
    private let store: any Store
    private let clock: any WallClock
    private let logger: Logger
    private let concurrency: Int

    public init(tokens: AuthorizerTokenManager, componentTokens: ComponentTokenManager, store: any Store, clock: any WallClock,
                concurrency: Int, logger: Logger) {
        self.tokens = tokens
        self.componentTokens = componentTokens
        self.store = store
        self.clock = clock
        self.concurrency = max(1, concurrency)
        self.logger = logger
    }

    /// The extra lead time for `appID`, in [0, margin): stable across runs and restarts.
    public static func jitter(for appID: String, margin: TimeInterval) -> TimeInterval {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in appID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return margin * Double(hash % 10_000) / 10_000
    }

    /// When `record`'s token should be refreshed (nil when it has no token at all: due now).
    public func dueDate(_ record: AuthorizerRecord) -> Date? {
        guard record.accessToken != nil, let expiresAt = record.accessTokenExpiresAt else { return nil }
        return expiresAt - tokens.margin - Self.jitter(for: record.appID, margin: tokens.margin)
    }

    /// Accounts claimed per store call: a few rounds of `concurrency` refreshes.
    var batchSize: Int { concurrency * 8 }

    /// One pass over the authorized accounts: claim those that are due, batch by batch, and
    /// refresh the claimed ones `concurrency` at a time (the token manager bounds upstream calls
    /// too).
    public func runOnce() async -> Summary {
        var summary = Summary()
        let now = clock.now()
        if (try? await componentTokens.token()) == nil {
            logger.debug("refresh_pass_without_component_token")
        }
        var cursor: String?
        // Each due account with the token it had when listed: refreshed unless that one was replaced meanwhile.
        var due: [(appID: String, token: String?)] = []
        repeat {
            let page: AuthorizerPage
            do {
                page = try await store.listAuthorizers(AuthorizerQuery(status: .authorized, limit: 500, cursor: cursor,
                                                                        tokenExpiringBefore: now + 2 * tokens.margin))
            } catch {
                logger.error("refresh_pass_failed", ["error": "\(error)"])
                return summary
            }
            summary.checked += page.authorizers.count
            due += page.authorizers.filter { record in dueDate(record).map { $0 <= now } ?? true }.map { ($0.appID, $0.accessToken) }
            cursor = page.nextCursor
        } while cursor != nil
        summary.due = due.count
        guard !due.isEmpty else { return summary }
        let batches = stride(from: 0, to: due.count, by: batchSize).map { Array(due[$0 ..< min($0 + batchSize, due.count)]) }
        let first = Int(Self.jitter(for: tokens.claims.owner, margin: Double(batches.count)))
        for batch in batches[first...] + batches[..<first] {
            let claimed: [StoredEntry]
            do {
                claimed = try await tokens.claims.claim(batch.map { Self.claimKey($0.appID) })
            } catch {
                logger.error("refresh_pass_failed", ["error": "\(error)"])
                break
            }
            summary.claimedElsewhere += batch.count - claimed.count
            let stale = Dictionary(batch.map { (Self.claimKey($0.appID), ($0.appID, $0.token)) }, uniquingKeysWith: { first, _ in first })
            let results = await refresh(claimed.compactMap { claim in stale[claim.key].map { ($0.0, $0.1, claim) } })
            summary.refreshed += results.filter { $0 }.count
            summary.failed += results.filter { !$0 }.count
        }
        logger.info("refresh_pass", ["checked": "\(summary.checked)", "due": "\(summary.due)", "refreshed": "\(summary.refreshed)",
                                     "failed": "\(summary.failed)", "claimed_elsewhere": "\(summary.claimedElsewhere)"])
        return summary
    }

    static func claimKey(_ appID: String) -> String { "authorizer:" + appID }

    /// Refreshes the claimed accounts, `concurrency` at a time; true for each that succeeded.
    private func refresh(_ accounts: [(appID: String, token: String?, claim: StoredEntry)]) async -> [Bool] {
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

    /// Runs passes every `interval` until the task is cancelled.
    public func run(every interval: Duration = .seconds(30), sleep: @escaping Sleeper = Sleepers.real) async {
        while !Task.isCancelled {
            _ = await runOnce()
            do { try await sleep(interval) } catch { return }
        }
    }
}
