import Foundation
import WeChat
import WXOpenSupport

/// One account's next step: taken (a compare-and-swap that writes the intent and a lease), the
/// WeChat call made, the outcome written (a compare-and-swap on what the claim wrote). A step
/// found in flight, whose instance died or whose call got no answer, is first checked with
/// WeChat (`wxa/getversioninfo`, `wxa/get_latest_auditstatus`) and made again only if it did
/// not take effect.
extension ReleaseService {
    enum Step: String, Sendable { case commit, submit, poll, release }

    /// What `account` needs now, if anything: nothing while someone holds it or before it is due;
    /// only polls while the rollout is paused.
    static func due(_ account: RolloutAccount, in rollout: Rollout, at now: Date) -> Step? {
        guard !account.isLeased(at: now), account.nextAttemptAt <= now, rollout.state != .finished else { return nil }
        let running = rollout.state == .running
        switch account.phase {
        case .pending, .committing: return running ? .commit : nil
        case .committed, .submitting: return running ? .submit : nil
        case .auditing, .auditDelayed: return .poll
        case .approved: return running && (rollout.autoRelease || account.releaseRequested) ? .release : nil
        case .releasing: return running ? .release : nil
        case .auditFailed, .released, .failed: return nil
        }
    }

    /// Claims and runs `step`; false when another instance (or a newer change) had it first.
    func perform(_ step: Step, _ scanned: Versioned<RolloutAccount>, of rollout: Rollout) async -> Bool {
        let intent: RolloutAccount.Phase? = switch step {
        case .commit: .committing
        case .submit: .submitting
        case .release: .releasing
        case .poll: nil
        }
        guard let (claimed, resumed) = await claim(scanned, of: rollout.id, intent: intent) else { return false }
        let log = logger.with(["release_id": rollout.id, "authorizer_appid": claimed.value.appID, "step": step.rawValue])
        if resumed { log.info("release_step_resumed", ["action": "checking with WeChat whether it took effect before repeating it"]) }
        let outcome: Outcome
        do {
            outcome = switch step {
            case .commit: try await commit(claimed.value, of: rollout, resumed: resumed)
            case .submit: try await submit(claimed.value, of: rollout, resumed: resumed)
            case .poll: .audit(try await asAccount(claimed.value.appID) { try await $0.auditStatus(authorizerToken: $1, auditID: claimed.value.auditID ?? 0) })
            case .release: try await release(claimed.value, of: rollout, resumed: resumed)
            }
        } catch is CancellationError {
            // Shutting down: the lease lapses and the step is checked and taken up again.
            return true
        } catch {
            outcome = .failed(StepFailure(error))
        }
        await record(outcome, of: step, claimed, in: rollout, log: log)
        return true
    }

    /// What a step came to.
    enum Outcome: Sendable {
        case committed
        case submitted(auditID: Int64)
        case audit(AuditStatus)
        /// An audit found by `get_latest_auditstatus` after a submit that may have taken effect.
        case adopted(auditID: Int64, AuditStatus)
        case released
        case failed(StepFailure)
    }

    private func claim(_ scanned: Versioned<RolloutAccount>, of rolloutID: String, intent: RolloutAccount.Phase?) async
        -> (Versioned<RolloutAccount>, resumed: Bool)? {
        let now = clock.now()
        var next = scanned.value
        let resumed = intent != nil && next.phase == intent && next.intentAt != nil
        if let intent, next.phase != intent {
            next.phase = intent
            next.intentAt = now
        }
        next.leaseOwner = owner
        next.leaseUntil = now + lease
        next.updatedAt = now
        do {
            guard let claimed = try await store.replace(scanned, with: next, in: rolloutID) else { return nil }
            return (claimed, resumed)
        } catch {
            logger.error("release_claim_failed", ["release_id": rolloutID, "authorizer_appid": next.appID, "error": "\(error)"])
            return nil
        }
    }

    /// A call as the account, with its authorizer token (refreshed once after 40001), WeChat's
    /// busy answers backed off.
    func asAccount<T: Sendable>(_ appID: String, _ call: @escaping @Sendable (ComponentClient, String) async throws -> T) async throws -> T {
        let (client, tokens) = (platform.client, tokens)
        return try await busy.run { try await tokens.withToken(appID: appID) { try await call(client, $0) } }
    }

    private func commit(_ account: RolloutAccount, of rollout: Rollout, resumed: Bool) async throws -> Outcome {
        let appID = account.appID
        if resumed, let since = account.intentAt {
            let info = try await asAccount(appID) { try await $0.versionInfo(authorizerToken: $1) }
            if Self.isOurs(info.experience, rollout, since: since) { return .committed }
        }
        guard let record = try await platform.store.authorizer(appID: appID) else { throw PlatformError.unknownAuthorizer(appID: appID) }
        guard let ext = ExtJSONTemplate(text: rollout.extJSON) else { throw StepFailure.refused("the rollout's ext_json cannot be read", errcode: nil) }
        if let problem = ext.problem(for: record) { throw StepFailure.refused(problem, errcode: nil) }
        // `set` is idempotent: repeating it after a crash changes nothing.
        if let domains = rollout.domains {
            try await asAccount(appID) { try await $0.modifyDomains(authorizerToken: $1, action: .set, domains: domains) }
        }
        if let webview = rollout.webviewDomains {
            try await asAccount(appID) { try await $0.setWebviewDomains(authorizerToken: $1, action: .set, domains: webview) }
        }
        let extJSON = ext.rendered(for: record)
        try await asAccount(appID) {
            try await $0.commit(authorizerToken: $1, templateID: rollout.templateID, extJSON: extJSON, userVersion: rollout.userVersion,
                                userDesc: rollout.userDesc)
        }
        return .committed
    }

    private func submit(_ account: RolloutAccount, of rollout: Rollout, resumed: Bool) async throws -> Outcome {
        let appID = account.appID
        if resumed, let since = account.intentAt, let ours = try await latestAudit(appID, of: rollout, since: since) { return ours }
        let options = rollout.auditOptions.flatMap(Self.jsonBody) ?? [:]
        do {
            return .submitted(auditID: try await asAccount(appID) { try await $0.submitAudit(authorizerToken: $1, options: options) })
        } catch where StepFailure.errcode(of: error) == 85009 {
            // A review is open: ours, when an earlier answer was lost; anyone else's otherwise.
            if let since = account.intentAt, let ours = try await latestAudit(appID, of: rollout, since: since) { return ours }
            throw StepFailure.refused("another review of this mini program is in progress (85009): wait for it, or withdraw it "
                                      + "(wxa/undocodeaudit), then retry", errcode: 85009)
        }
    }

    /// The latest review when it is this rollout's (submitted since `since`), else nil.
    private func latestAudit(_ appID: String, of rollout: Rollout, since: Date) async throws -> Outcome? {
        do {
            let latest = try await asAccount(appID) { try await $0.latestAudit(authorizerToken: $1) }
            let recent = latest.submitTime.map { Double($0) >= since.timeIntervalSince1970 - Self.clockAllowance } ?? false
            guard recent, latest.userVersion == nil || latest.userVersion == rollout.userVersion else { return nil }
            return .adopted(auditID: latest.auditID, latest.status)
        } catch where StepFailure.errcode(of: error) == 85058 {
            return nil
        }
    }

    private func release(_ account: RolloutAccount, of rollout: Rollout, resumed: Bool) async throws -> Outcome {
        let appID = account.appID
        let since = account.intentAt ?? clock.now()
        if resumed {
            let info = try await asAccount(appID) { try await $0.versionInfo(authorizerToken: $1) }
            if Self.isOurs(info.released, rollout, since: since) { return .released }
        }
        do {
            try await asAccount(appID) { try await $0.release(authorizerToken: $1) }
            return .released
        } catch where StepFailure.errcode(of: error) == 85052 {
            // "Already released": by us, when an earlier answer was lost.
            let info = try await asAccount(appID) { try await $0.versionInfo(authorizerToken: $1) }
            if Self.isOurs(info.released, rollout, since: since) { return .released }
            throw error
        }
    }

    /// WeChat's version is this rollout's: its user_version, made since our intent (less the allowance).
    static func isOurs(_ version: CodeVersionInfo.Version?, _ rollout: Rollout, since: Date) -> Bool {
        guard let version else { return false }
        return version.userVersion == rollout.userVersion && Double(version.time) >= since.timeIntervalSince1970 - clockAllowance
    }

    /// submit_audit's members from the rollout's JSON text.
    static func jsonBody(_ text: String) -> [String: JSONBody]? {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
              case .object(let members)? = body(value) else { return nil }
        return members
    }

    private static func body(_ value: JSONValue) -> JSONBody? {
        switch value {
        case .null: nil
        case .bool(let flag): .bool(flag)
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? .int(Int(number)) : .string(String(number))
        case .string(let text): .string(text)
        case .array(let items): .array(items.compactMap(body))
        case .object(let members): .object(members.compactMapValues(body))
        }
    }
}
