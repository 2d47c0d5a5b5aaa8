import Foundation
import WeChat

/// Audit results pushed to the message URL (`weapp_audit_success`, `weapp_audit_fail` with
/// `Reason` and `ScreenShot`, `weapp_audit_delay`), applied to the account's rollout. They come
/// after the message is durably accepted; a result lost before it was applied (a crash between
/// the outbox write and this) is caught by the poll (`pollIntervalSeconds`).
extension ReleaseService: AccountMessageObserver {
    func accepted(_ message: AccountMessage, appID: String) async {
        guard let status = Self.auditStatus(message) else { return }
        do {
            for rollout in try await store.rollouts() where rollout.value.state != .finished {
                try await applyPushed(status, createTime: message.createTime, appID: appID, rollout: rollout.value)
            }
        } catch {
            logger.error("release_audit_push_not_applied", ["authorizer_appid": appID, "error": "\(error)",
                                                            "action": "the next poll of the account picks the result up"])
        }
    }

    /// The push's result; nil for every other message.
    static func auditStatus(_ message: AccountMessage) -> AuditStatus? {
        guard case .event(let event, _) = message.kind else { return nil }
        let outcome: AuditOutcome
        switch event {
        case "weapp_audit_success": outcome = .approved
        case "weapp_audit_fail": outcome = .rejected
        case "weapp_audit_delay": outcome = .delayed
        default: return nil
        }
        let reason = message.fields["Reason"].flatMap { $0.isEmpty ? nil : $0 }
        return AuditStatus(outcome: outcome, reason: reason, screenshots: AuditStatus.mediaIDs(message.fields["ScreenShot"] ?? ""))
    }

    /// The push names no auditid, but a mini program has one review open at a time: it is the
    /// review of the account's rollout if that one is under review, and the push is not older
    /// than the submission (an earlier review's late push).
    private func applyPushed(_ status: AuditStatus, createTime: Int64, appID: String, rollout: Rollout) async throws {
        let now = clock.now()
        let pollInterval = pollInterval
        var applied = false
        try await store.updateAccount(rollout.id, appID) { account in
            applied = false
            guard account.phase == .auditing || account.phase == .auditDelayed else { return false }
            if let submitted = account.submittedAt, Double(createTime) < submitted.timeIntervalSince1970 - Self.clockAllowance { return false }
            applied = Self.apply(status, to: &account, at: now, pollInterval: pollInterval)
            return applied
        }
        guard applied else { return }
        logger.info("release_audit_result", ["release_id": rollout.id, "authorizer_appid": appID, "source": "push",
                                             "result": "\(status.outcome)"])
        doorbell.ring()
    }
}
