import Foundation

/// What `bulkCreateAccounts` made.
public struct BulkAccounts: Sendable, Equatable {
    public var created: Int
    public var firstAppID: String?
    public var lastAppID: String?
    public var authorized: Bool
    /// Every appid made, in order.
    public var appIDs: [String]
}

/// The control surface for tests, the demo and benchmarks; `/simulator/…` exposes the same.
extension WeChatSimulator {
    /// Calls per endpoint since start or the last reset, by stable name (`api_authorizer_token`,
    /// `sns_userinfo`, `componentloginpage`, …).
    public func counters() -> [String: Int] { state.withLock { $0.counters } }

    public func resetCounters() { state.withLock { $0.counters = [:] } }

    /// Serves `fault` for the next `count` calls of `endpoint` (a counter name, or `*` for any
    /// API endpoint), after faults already queued for it.
    public func injectFault(_ fault: InjectedFault, endpoint: String, count: Int = 1) {
        state.withLock { $0.faults.inject(fault, endpoint: endpoint, count: count) }
    }

    public func clearFaults() { state.withLock { $0.faults.clear() } }

    /// Calls still to be served a fault, per endpoint.
    public var pendingFaults: [String: Int] { state.withLock { $0.faults.pending } }

    /// Real seconds added to every API call (e.g. 0.05 for benchmarks).
    public func setLatency(_ seconds: TimeInterval) { state.withLock { $0.faults.latency = max(0, seconds) } }

    /// Moves the simulator's time forward; tokens, codes and tickets expire accordingly.
    public func advanceClock(by seconds: TimeInterval) { clock.advance(by: seconds) }

    /// Every push attempt, oldest first (the newest 10,000).
    public func pushDeliveries() -> [PushDelivery] { pushSender.deliveries }

    /// Every customer-service message, oldest first (the newest 10,000).
    public func customMessages() -> [CustomMessage] { state.withLock { $0.customMessages } }

    public func clearRecordings() {
        state.withLock { $0.clearRecordings() }
        pushSender.clearDeliveries()
    }

    public func account(_ appID: String) -> SimulatedAccount? { state.withLock { $0.accounts[appID] } }

    /// Adds (or replaces) an account.
    public func addAccount(_ account: SimulatedAccount) { state.withLock { $0.accounts.add(account) } }

    /// Creates `count` numbered accounts (hidden from pages): official accounts `wxsim00000001`…,
    /// or mini programs `wx5e00000000000001`… (appids of WeChat's shape); with `authorize`, each
    /// is already authorized with its kind's default permission sets and has a refresh token
    /// (readable through `api_get_authorizer_list`). No pushes are sent.
    @discardableResult
    public func bulkCreateAccounts(count: Int, authorize: Bool, kind: SimulatedAccount.Kind = .officialAccount) -> BulkAccounts {
        let now = clock.now()
        let created = state.withLock { state in
            let created = state.accounts.addBulk(max(0, count), kind: kind)
            if authorize {
                for appID in created {
                    state.authorizations.record(appID, funcIDs: PermissionSet.defaults(for: kind), now: now)
                }
            }
            return created
        }
        logger.info("bulk_accounts_created", ["count": "\(created.count)", "authorized": "\(authorize)"])
        return BulkAccounts(created: created.count, firstAppID: created.first, lastAppID: created.last, authorized: authorize, appIDs: created)
    }

    /// Turns refresh-token rotation on or off.
    public func setRotateRefreshTokens(_ rotate: Bool) { state.withLock { $0.settings.rotateRefreshTokens = rotate } }

    /// Before full release, only test-list accounts may authorize.
    public func setFullReleaseDone(_ done: Bool) { state.withLock { $0.settings.fullReleaseDone = done } }

    /// The newest authorizer access token issued for an account, for tests.
    public func latestAuthorizerToken(of appID: String) -> String? {
        state.withLock { $0.tokens.latest(of: .authorizer(appID)) }
    }

    /// The newest component access token issued, for tests.
    public var latestComponentToken: String? { state.withLock { $0.tokens.latest(of: .component) } }
}
