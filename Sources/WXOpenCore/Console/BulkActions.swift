import Foundation
import WXOpenSupport

/// What a bulk action does to each account of a selection.
enum BulkAction: String, Sendable, CaseIterable {
    /// A new access token now (`api_authorizer_token`), as the account page's button does.
    case refreshTokens = "refresh-tokens"
    /// The account's details again (`api_get_authorizer_info`).
    case refreshInfo = "refresh-info"

    func label(_ language: Language) -> String {
        switch self {
        case .refreshTokens: language.t("批量刷新令牌", "Refresh tokens")
        case .refreshInfo: language.t("批量重新获取资料", "Re-fetch details")
        }
    }
}

/// Runs a bulk action over the accounts of a selection in the background: one run at a time,
/// `concurrency` accounts at once (WeChat's quotas and the token manager's own limit are shared
/// with everything else the platform does), progress readable while it runs. The selection is
/// taken when the run starts: the authorized accounts among the filtered ones, by appid.
/// Runs are kept in memory (the last `kept`); the event log records each start and finish.
actor BulkActions {
    enum State: String, Sendable {
        case running, done, cancelled
        /// The selection could not be read; nothing was done.
        case failed
    }

    struct Failure: Sendable, Equatable {
        var appID: String
        /// Shown on the page, in both languages (one of ours, or WeChat's errmsg as written).
        var zh: String, en: String
    }

    struct Run: Sendable, Equatable {
        let id: Int
        let action: BulkAction
        let filters: AccountFilters
        let username: String
        var state = State.running
        var startedAt: Date
        var finishedAt: Date?
        var total = 0
        var done = 0
        var failed = 0
        /// The first `failuresKept` failures.
        var failures: [Failure] = []
        var error: String?
        var cancelRequested = false

        var finished: Int { done + failed }
    }

    static let kept = 20
    static let failuresKept = 50

    private let platform: Platform
    private let tokens: AuthorizerTokenManager
    private let concurrency: Int
    private var runs: [Run] = []
    private var nextID = 1
    private var task: Task<Void, Never>?
    /// The running run's accounts, and the next one a worker takes.
    private var pending: [String] = []
    private var nextPending = 0

    init(platform: Platform, tokens: AuthorizerTokenManager, concurrency: Int) {
        self.platform = platform
        self.tokens = tokens
        self.concurrency = max(1, concurrency)
    }

    /// Starts a run unless one is running: the new run, or the running one (`started` false).
    /// Returns once the selection is taken (so the run knows its total); the work goes on in
    /// the background.
    func start(_ action: BulkAction, filters: AccountFilters, username: String) async -> (run: Run, started: Bool) {
        if let current = runs.last, current.state == .running { return (current, false) }
        let id = nextID
        nextID += 1
        // In the list before the selection is read, so that a start meanwhile finds it running.
        let started = Run(id: id, action: action, filters: filters, username: username, startedAt: platform.clock.now())
        runs.append(started)
        if runs.count > Self.kept { runs.removeFirst(runs.count - Self.kept) }
        let logger = platform.logger
        do {
            pending = try await Self.selection(filters, in: platform.store)
            nextPending = 0
        } catch {
            logger.error("bulk_action_failed", ["run": "\(id)", "action": action.rawValue, "error": "\(error)"])
            update(id) { $0.error = "\(error)" }
            await finish(id, state: .failed)
            return (run(id: id) ?? started, true)
        }
        let total = pending.count
        update(id) { $0.total = total }
        logger.info("bulk_action_started", ["run": "\(id)", "action": action.rawValue, "accounts": "\(total)", "by": username])
        await platform.events.record("console.bulk_started", "by \(username): \(action.rawValue), \(total) accounts, \(AccountsCSV.describe(filters))")
        task = Task { await self.perform(id, action: action) }
        return (run(id: id) ?? started, true)
    }

    func run(id: Int) -> Run? { runs.first { $0.id == id } }

    /// Newest first.
    func recent() -> [Run] { runs.reversed() }

    /// Asks a running run to stop: accounts in progress finish, no more start.
    func cancel(id: Int) -> Run? {
        guard let index = index(id), runs[index].state == .running else { return run(id: id) }
        runs[index].cancelRequested = true
        return runs[index]
    }

    /// Waits for the current run (if any) to finish (for tests and shutdown).
    func wait() async { await task?.value }

    /// The accounts of `filters` the action applies to: the authorized ones.
    static func selection(_ filters: AccountFilters, in store: any Store) async throws -> [String] {
        if let status = filters.status, status != .authorized { return [] }
        var appIDs: [String] = []
        var byAppID = filters
        byAppID.sort = .appID
        byAppID.descending = false
        try await byAppID.forEachAccount(in: store, status: .authorized) { appIDs += $0.map(\.appID) }
        return appIDs
    }

    /// How many accounts a run over `filters` would touch (the confirmation page).
    static func count(_ filters: AccountFilters, in store: any Store) async throws -> Int {
        if let status = filters.status, status != .authorized { return 0 }
        return try await store.listAuthorizers(filters.query(limit: 1, status: .authorized)).totalMatching
    }

    private func index(_ id: Int) -> Int? { runs.firstIndex { $0.id == id } }

    private func perform(_ id: Int, action: BulkAction) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< min(concurrency, pending.count) {
                group.addTask {
                    while let appID = await self.take(id) {
                        await self.apply(action, to: appID, run: id)
                    }
                }
            }
        }
        pending = []
        await finish(id, state: run(id: id)?.cancelRequested == true ? .cancelled : .done)
    }

    /// The next account for a worker, nil when none is left or the run was cancelled.
    private func take(_ id: Int) -> String? {
        guard nextPending < pending.count, run(id: id)?.cancelRequested == false else { return nil }
        defer { nextPending += 1 }
        return pending[nextPending]
    }

    private func apply(_ action: BulkAction, to appID: String, run id: Int) async {
        do {
            switch action {
            case .refreshTokens: _ = try await tokens.refresh(appID: appID)
            case .refreshInfo: _ = try await platform.authorization.refreshInfo(appID: appID)
            }
            update(id) { $0.done += 1 }
        } catch {
            // The token manager and the authorization service log and record their own failures.
            platform.logger.warning("bulk_action_account_failed", ["run": "\(id)", "action": action.rawValue, "authorizer_appid": appID,
                                                                   "error": "\(error)"])
            let failure = Failure(appID: appID, zh: AccountTools.text(error, .zh), en: AccountTools.text(error, .en))
            update(id) { run in
                run.failed += 1
                if run.failures.count < Self.failuresKept { run.failures.append(failure) }
            }
        }
    }

    private func update(_ id: Int, _ change: (inout Run) -> Void) {
        guard let index = index(id) else { return }
        change(&runs[index])
    }

    private func finish(_ id: Int, state: State) async {
        update(id) { run in
            run.state = state
            run.finishedAt = platform.clock.now()
        }
        guard let run = run(id: id) else { return }
        platform.logger.info("bulk_action_finished", ["run": "\(id)", "action": run.action.rawValue, "state": state.rawValue,
                                                      "done": "\(run.done)", "failed": "\(run.failed)", "total": "\(run.total)"])
        await platform.events.record("console.bulk_finished", outcome: run.failed > 0 || state == .failed ? "failed" : "ok",
                                     "\(run.action.rawValue) \(state.rawValue): \(run.done) done, \(run.failed) failed of \(run.total)")
    }
}
