import Foundation
import WeChat
import WXOpenSupport

/// Mini program rollouts: one template committed to many mini programs, each submitted for
/// review and released when approved, as a durable rollout (`Rollout`, `RolloutAccount` in the
/// store) that `ReleaseRunner` drives and any instance can take up after a restart.
public final class ReleaseService: Sendable {
    let platform: Platform
    let tokens: AuthorizerTokenManager
    let settings: Configuration.Releases
    let store: ReleaseStore
    /// Names this process's claims on accounts' steps.
    let owner: String
    let busy: BusyBackoff
    let idleSleep: Sleeper
    /// Rung when there may be work at once (a rollout started, an audit result, a command).
    let doorbell = Doorbell()
    let logger: Logger

    /// A WeChat time within this much before our own intent is still ours: clocks differ.
    static let clockAllowance: TimeInterval = 300

    init(platform: Platform, tokens: AuthorizerTokenManager, settings: Configuration.Releases, sleep: @escaping Sleeper,
         idleSleep: @escaping Sleeper = Sleepers.real, owner: String? = nil) {
        self.platform = platform
        self.tokens = tokens
        self.settings = settings
        store = ReleaseStore(store: platform.store, clock: platform.clock)
        self.owner = owner ?? ForwardingService.makeOwner()
        busy = BusyBackoff(sleep: sleep)
        self.idleSleep = idleSleep
        logger = platform.logger.with(["component": "releases"])
    }

    var clock: any WallClock { platform.clock }
    var lease: TimeInterval { TimeInterval(settings.leaseSeconds) }
    var pollInterval: TimeInterval { TimeInterval(settings.pollIntervalSeconds) }
    var retryDelay: TimeInterval { TimeInterval(settings.retryDelaySeconds) }

    /// What `start` made: the rollout, and who was left out of `"all"`.
    struct Started: Sendable {
        var rollout: Rollout
        var skippedOfficialAccounts: Int
        var skippedUnknown: Int
    }

    /// Checks the request against WeChat's template library and the stored accounts, then
    /// stores the rollout: its accounts first, the rollout last, so a crash part-way leaves
    /// nothing the runner acts on (and the caller, who got no 202, starts again).
    func start(_ request: RolloutRequest, by creator: String) async throws -> Started {
        let templates = try await platform.componentTokens.withToken { [client = platform.client] token in
            try await client.templates(componentToken: token)
        }
        guard templates.contains(where: { $0.templateID == request.templateID }) else {
            throw APIProblem(.unprocessableContent, "template_not_found",
                             "template \(request.templateID) is not in the template library (GET /api/v1/mini-program/templates)")
        }
        let chosen = try await RolloutAccounts.choose(request, store: platform.store)
        let now = clock.now()
        let rollout = Rollout(
            id: Self.newID(at: now), templateID: request.templateID, userVersion: request.userVersion, userDesc: request.userDesc,
            extJSON: request.extJSON.text, autoRelease: request.autoRelease, domains: request.domains,
            webviewDomains: request.webviewDomains, auditOptions: request.auditOptions, accountCount: chosen.records.count,
            skippedOfficialAccounts: chosen.skippedOfficialAccounts, state: .running, createdBy: creator, createdAt: now, updatedAt: now)
        try await insertAccounts(chosen.records.map(\.appID), of: rollout.id, at: now)
        guard try await store.insert(rollout) else { throw StoreError.invalidRequest("rollout id \(rollout.id) is taken") }
        logger.info("release_started", ["release_id": rollout.id, "template_id": String(rollout.templateID), "by": creator,
                                        "accounts": String(rollout.accountCount), "skipped": String(chosen.skippedOfficialAccounts)])
        await platform.events.record("release.started", "\(rollout.id) by \(creator): template \(rollout.templateID) "
                                     + "\(rollout.userVersion) to \(rollout.accountCount) mini programs")
        doorbell.ring()
        return Started(rollout: rollout, skippedOfficialAccounts: chosen.skippedOfficialAccounts, skippedUnknown: chosen.skippedUnknown)
    }

    /// Many writes at once, so the file store commits them in a few fsyncs.
    private func insertAccounts(_ appIDs: [String], of rolloutID: String, at now: Date) async throws {
        let store = store
        for chunk in stride(from: 0, to: appIDs.count, by: 64).map({ appIDs[$0 ..< min($0 + 64, appIDs.count)] }) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for appID in chunk {
                    group.addTask { _ = try await store.insert(RolloutAccount(appID: appID, at: now), into: rolloutID) }
                }
                try await group.waitForAll()
            }
        }
    }

    /// `rel_`, the creation time in milliseconds (12 hex digits, so ids sort by age) and 8 random hex digits.
    static func newID(at now: Date) -> String {
        let milliseconds = String(UInt64(max(0, now.timeIntervalSince1970 * 1000)), radix: 16)
        return "rel_" + String(repeating: "0", count: max(0, 12 - milliseconds.count)) + milliseconds + Crypto.hex(Crypto.randomBytes(4))
    }

    /// The rollout, or a 404 naming it only when it has the shape of one.
    func rollout(_ id: String) async throws -> Rollout {
        guard Self.isRolloutID(id), let rollout = try await store.rollout(id) else {
            throw APIProblem(.notFound, "not_found", Self.isRolloutID(id) ? "no rollout \(id)" : "no such rollout")
        }
        return rollout.value
    }

    static func isRolloutID(_ text: String) -> Bool {
        text.utf8.count == 24 && text.hasPrefix("rel_") && text.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    // MARK: Commands

    /// Stops sending commits, submits and releases (reviews under way are still followed).
    func pause(_ id: String, reason: String) async throws -> Rollout {
        try await command(id) { rollout in
            guard rollout.state == .running else { return false }
            rollout.state = .paused
            rollout.pauseReason = reason
            return true
        }
    }

    func resume(_ id: String) async throws -> Rollout {
        let resumed = try await command(id) { rollout in
            guard rollout.state == .paused else { return false }
            rollout.state = .running
            rollout.pauseReason = nil
            return true
        }
        doorbell.ring()
        return resumed
    }

    /// Marks every approved account to be released (a rollout without auto_release); returns how many.
    func releaseApproved(_ id: String) async throws -> Int {
        let rollout = try await rollout(id)
        var marked = 0
        for account in try await store.accounts(of: rollout.id) where account.value.phase == .approved && !account.value.releaseRequested {
            let written = try await store.updateAccount(rollout.id, account.value.appID) { account in
                guard account.phase == .approved, !account.releaseRequested else { return false }
                account.releaseRequested = true
                return true
            }
            if written?.value.releaseRequested == true { marked += 1 }
        }
        doorbell.ring()
        return marked
    }

    /// A rejected account starts over (commit, review); a failed one goes back to where it failed.
    func retry(_ id: String, appID: String) async throws -> RolloutAccount {
        let rollout = try await rollout(id)
        let now = clock.now()
        var refusal: String?
        let written = try await store.updateAccount(rollout.id, appID) { account in
            refusal = nil
            guard account.phase == .auditFailed || account.phase == .failed else {
                refusal = "\(appID) is \(account.phase.state.rawValue): only audit_failed and failed accounts are retried"
                return false
            }
            let resume = account.phase == .auditFailed ? .pending : account.failedPhase ?? .pending
            account.settle(resume, at: now)
            account.cycle += 1
            account.failedPhase = nil
            account.releaseRequested = false
            if resume == .pending || resume == .committed {
                account.auditID = nil
                account.reason = nil
                account.screenshots = []
            }
            return true
        }
        guard let written else { throw APIProblem(.notFound, "not_found", "\(PlatformError.named(appID)) is not in rollout \(rollout.id)") }
        if let refusal { throw APIProblem(.conflict, "not_failed", refusal) }
        try await store.updateRollout(rollout.id) { rollout in
            guard rollout.state == .finished else { return false }
            rollout.state = .running
            rollout.finishedAt = nil
            return true
        }
        doorbell.ring()
        return written.value
    }

    /// A change to the rollout's state; 409 when `change` finds it in a state it cannot leave that way.
    private func command(_ id: String, _ change: @escaping (inout Rollout) -> Bool) async throws -> Rollout {
        let rollout = try await rollout(id)
        let now = clock.now()
        var refused = false
        let changed = try await store.updateRollout(rollout.id) { rollout in
            refused = false
            guard change(&rollout) else {
                refused = true
                return false
            }
            rollout.updatedAt = now
            return true
        }
        guard let changed, !refused else {
            throw APIProblem(.conflict, "invalid_state", "rollout \(rollout.id) is \(rollout.state.rawValue)")
        }
        return changed
    }
}
