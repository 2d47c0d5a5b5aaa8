import Foundation
import WXOpenSupport

/// Refreshes authorizer tokens before callers need them, and keeps the component token warm.
///
/// An account is due when less than `margin + jitter` remains, where the jitter is a fixed
/// fraction of the margin derived from its appid: 10,000 accounts authorized in the same
/// minute are spread over a whole margin's worth of time instead of refreshing in one second.
public final class TokenRefresher: Sendable {
    public struct Summary: Sendable, Equatable {
        public var checked = 0
        public var due = 0
        public var refreshed = 0
        public var failed = 0
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

    /// One pass over the authorized accounts: refresh those that are due, `concurrency` at a time
    /// (the token manager bounds upstream calls too).
    public func runOnce() async -> Summary {
        var summary = Summary()
        let now = clock.now()
        if (try? await componentTokens.token()) == nil {
            logger.debug("refresh_pass_without_component_token")
        }
        var cursor: String?
        var due: [String] = []
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
            due += page.authorizers.filter { record in dueDate(record).map { $0 <= now } ?? true }.map(\.appID)
            cursor = page.nextCursor
        } while cursor != nil
        summary.due = due.count
        guard !due.isEmpty else { return summary }
        let tokens = tokens
        var results: [Bool] = []
        await withTaskGroup(of: Bool.self) { group in
            var next = due.makeIterator()
            for _ in 0..<min(concurrency, due.count) {
                if let appID = next.next() { group.addTask { (try? await tokens.refresh(appID: appID)) != nil } }
            }
            while let result = await group.next() {
                results.append(result)
                if let appID = next.next() { group.addTask { (try? await tokens.refresh(appID: appID)) != nil } }
            }
        }
        summary.refreshed = results.filter { $0 }.count
        summary.failed = results.count - summary.refreshed
        logger.info("refresh_pass", ["checked": "\(summary.checked)", "due": "\(summary.due)", "refreshed": "\(summary.refreshed)",
                                     "failed": "\(summary.failed)"])
        return summary
    }

    /// Runs passes every `interval` until the task is cancelled.
    public func run(every interval: Duration = .seconds(30), sleep: @escaping Sleeper = Sleepers.real) async {
        while !Task.isCancelled {
            _ = await runOnce()
            do { try await sleep(interval) } catch { return }
        }
    }
}
