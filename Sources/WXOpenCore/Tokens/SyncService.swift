import Foundation

/// Reconciles the store with WeChat's `api_get_authorizer_list`: accounts we do not know are
/// added (and their details fetched), missing refresh tokens are recovered, accounts WeChat no
/// longer lists are flagged. One run at a time; progress is readable while it runs.
public actor SyncService {
    /// Where a run is; the JSON of `/api/v1/sync` and the console's script spell it as the raw value.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// No run since the process started.
        case idle
        case running
        case done
        case failed
    }

    public struct Status: Sendable, Equatable, Codable {
        public var state = State.idle
        public var startedAt: Date?
        public var finishedAt: Date?
        public var done = 0
        public var total = 0
        public var added = 0
        public var recovered = 0
        public var flagged = 0
        public var failed = 0
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case state, done, total, added, recovered, flagged, failed, error
            case startedAt = "started_at", finishedAt = "finished_at"
        }
    }

    private let platform: Platform
    private var status = Status()
    private var running: Task<Void, Never>?

    public init(platform: Platform) { self.platform = platform }

    public func current() -> Status { status }

    /// Starts a run unless one is running; returns the status either way.
    @discardableResult
    public func start() -> Status {
        guard running == nil else { return status }
        status = Status(state: .running, startedAt: platform.clock.now())
        running = Task { await self.run() }
        return status
    }

    /// Waits for the current run (if any) to finish.
    public func wait() async -> Status {
        await running?.value
        return status
    }

    private func run() async {
        let platform = platform
        let walker = AuthorizerListWalker(componentTokens: platform.componentTokens, client: platform.client)
        var listed: Set<String> = []
        do {
            var offset = 0
            while true {
                let list = try await walker.page(offset: offset)
                status.total = list.totalCount
                for item in list.items {
                    listed.insert(item.authorizerAppID)
                    await reconcile(item.authorizerAppID, refreshToken: item.refreshToken, authTime: item.authTime)
                }
                offset += list.items.count
                if list.items.isEmpty || offset >= list.totalCount { break }
            }
            try await flagUnlisted(listed)
            finish(error: nil)
        } catch {
            platform.logger.error("sync_failed", ["error": "\(error)"])
            finish(error: "\(error)")
        }
    }

    private func reconcile(_ appID: String, refreshToken: String?, authTime: Date?) async {
        let now = platform.clock.now()
        let componentAppID = platform.componentAppID
        do {
            let before = try await platform.store.authorizer(appID: appID)
            let needsToken = before == nil || before?.refreshToken == nil || before?.status != .authorized
            if needsToken, let refreshToken {
                var stored = try await platform.store.updateAuthorizer(appID: appID) { current in
                    var record = current ?? AuthorizerRecord(appID: appID, componentAppID: componentAppID, updatedAt: now)
                    if record.status != .authorized || current == nil { record.authorizedAt = authTime ?? now }
                    record.status = .authorized
                    record.statusReason = nil
                    record.revokedAt = nil
                    record.refreshToken = refreshToken
                    record.updatedAt = now
                    return record
                }
                if before == nil {
                    status.added += 1
                    await platform.events.record("authorizer.added_by_sync", appID: appID, "found in api_get_authorizer_list")
                    do { stored = try await platform.authorization.refreshInfo(appID: appID) } catch { status.failed += 1 }
                } else {
                    status.recovered += 1
                    await platform.events.record("token.refresh_token_recovered", appID: appID, "sync: refresh token taken from api_get_authorizer_list")
                }
                // An account that was not authorized here (new, revoked, or flagged) is again.
                if before?.status != .authorized, let stored { await platform.forwarding?.notify(.authorized, record: stored) }
            }
        } catch {
            status.failed += 1
            platform.logger.error("sync_account_failed", ["authorizer_appid": appID, "error": "\(error)"])
        }
        status.done += 1
    }

    /// Accounts we hold as authorized that WeChat does not list any more.
    private func flagUnlisted(_ listed: Set<String>) async throws {
        let now = platform.clock.now()
        var cursor: String?
        var unlisted: [String] = []
        repeat {
            let page = try await platform.store.listAuthorizers(AuthorizerQuery(status: .authorized, limit: 500, cursor: cursor))
            unlisted += page.authorizers.map(\.appID).filter { !listed.contains($0) }
            cursor = page.nextCursor
        } while cursor != nil
        for appID in unlisted {
            let flagged = try await platform.store.updateAuthorizer(appID: appID) { current in
                guard var record = current, record.status == .authorized else { return nil }
                record.status = .needsReauthorization
                record.statusReason = "not in WeChat's authorizer list (sync)"
                record.updatedAt = now
                return record
            }
            status.flagged += 1
            await platform.events.record("authorizer.status_changed", appID: appID, outcome: "failed",
                                         "needs-reauthorization: not in WeChat's authorizer list (sync)")
            if let flagged, flagged.status == .needsReauthorization, flagged.updatedAt == now {
                await platform.forwarding?.notify(.needsReauthorization, record: flagged)
            }
        }
    }

    private func finish(error: String?) {
        status.state = error == nil ? .done : .failed
        status.error = error
        status.finishedAt = platform.clock.now()
        running = nil
        platform.logger.info("sync_finished", ["done": "\(status.done)", "total": "\(status.total)", "added": "\(status.added)",
                                               "recovered": "\(status.recovered)", "flagged": "\(status.flagged)", "failed": "\(status.failed)"])
    }
}
