import Foundation
import WeChat
import WXOpenSupport

/// What a step's outcome (or an audit push) does to the account's record.
extension ReleaseService {
    /// Lifecycle deliveries of one account.
    static let auditFailedNotice = "release.account_audit_failed"
    static let releasedNotice = "release.account_released"
    static let finishedNotice = "release.finished"

    /// Writes `outcome` over what the claim wrote; a record someone changed since (an audit push
    /// during a poll, a claim after a lapsed lease) stands, and this outcome is dropped.
    func record(_ outcome: Outcome, of step: Step, _ claimed: Versioned<RolloutAccount>, in rollout: Rollout, log: Logger) async {
        let now = clock.now()
        var next = claimed.value
        var failure: StepFailure?
        switch outcome {
        case .committed:
            next.settle(.committed, at: now)
        case .submitted(let auditID):
            next.settle(.auditing, at: now, next: now + pollInterval)
            next.auditID = auditID
            next.submittedAt = now
        case .adopted(let auditID, let status):
            next.auditID = auditID
            next.submittedAt = next.intentAt ?? now
            Self.apply(status, to: &next, at: now, pollInterval: pollInterval)
        case .audit(let status):
            Self.apply(status, to: &next, at: now, pollInterval: pollInterval)
        case .released:
            next.settle(.released, at: now)
            next.notice = Self.releasedNotice
        case .failed(let stepFailure):
            failure = stepFailure
            fail(&next, step: step, stepFailure, at: now)
        }
        do {
            guard try await store.replace(claimed, with: next, in: rollout.id) != nil else {
                log.info("release_step_superseded", ["action": "the account changed meanwhile; its newer state stands"])
                return
            }
        } catch {
            // Not recorded: the lease lapses and the step is checked with WeChat and taken up again.
            log.error("release_step_not_recorded", ["error": "\(error)"])
            return
        }
        if let failure {
            log.warning("release_step_failed", ["error": failure.message, "state": next.phase.state.rawValue,
                                                "retry_in_s": next.phase == .failed ? "-" : String(Int(retryDelay))])
            if case .reviewQuota = failure { await pauseForQuota(rollout.id, failure.message) }
        } else {
            log.info("release_step_done", ["state": next.phase.state.rawValue, "auditid": next.auditID.map(String.init) ?? "-"])
        }
        if next.notice != nil || next.phase == .approved { doorbell.ring() }
    }

    /// A refusal fails the account (a retry goes back to where it failed); anything else puts
    /// the step off, in flight when it may have taken effect.
    private func fail(_ account: inout RolloutAccount, step: Step, _ failure: StepFailure, at now: Date) {
        let before: RolloutAccount.Phase = switch step {
        case .commit: .pending
        case .submit: .committed
        case .release: .approved
        case .poll: account.phase
        }
        switch failure {
        case .uncertain:
            // Still in flight: the intent's time stays what a later check measures WeChat's against.
            let intentAt = account.intentAt
            account.settle(account.phase, at: now, next: now + retryDelay)
            account.intentAt = step == .poll ? nil : intentAt ?? now
        case .later, .reviewQuota:
            account.settle(before, at: now, next: now + retryDelay)
        case .refused:
            account.settle(.failed, at: now)
            account.failedPhase = step == .poll ? .committed : before
        }
        account.error = failure.message
        account.errcode = failure.errcode
    }

    /// Puts WeChat's view of a review on the account; false when it changes nothing.
    @discardableResult
    static func apply(_ status: AuditStatus, to account: inout RolloutAccount, at now: Date, pollInterval: TimeInterval) -> Bool {
        let before = account
        switch status.outcome {
        case .approved:
            account.settle(.approved, at: now)
            account.reason = nil
            account.screenshots = []
        case .rejected:
            account.settle(.auditFailed, at: now)
            account.reason = status.reason
            account.screenshots = status.screenshots
            if before.phase != .auditFailed { account.notice = auditFailedNotice }
        case .delayed:
            account.settle(.auditDelayed, at: now, next: now + pollInterval)
            account.reason = status.reason
        case .auditing:
            account.settle(account.phase == .auditDelayed ? .auditDelayed : .auditing, at: now, next: now + pollInterval)
        case .withdrawn:
            account.settle(.failed, at: now)
            account.failedPhase = .committed
            account.error = "the review was withdrawn (wxa/undocodeaudit)"
        }
        return account.phase != before.phase || account.reason != before.reason
    }

    private func pauseForQuota(_ rolloutID: String, _ message: String) async {
        do {
            try await store.updateRollout(rolloutID) { rollout in
                guard rollout.state == .running else { return false }
                rollout.state = .paused
                rollout.pauseReason = "WeChat's monthly review quota is used up (85085): resume once it is raised. " + message
                return true
            }
            logger.warning("release_paused", ["release_id": rolloutID, "reason": "review quota (85085)"])
        } catch {
            logger.error("release_pause_failed", ["release_id": rolloutID, "error": "\(error)"])
        }
    }
}
