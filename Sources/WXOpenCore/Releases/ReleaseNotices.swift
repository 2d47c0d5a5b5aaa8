import Foundation

/// The rollouts' lifecycle deliveries, through the same outbox as `authorizer.authorized`:
/// `release.account_audit_failed`, `release.account_released` (one account) and
/// `release.finished` (the rollout). A change that calls for one writes it as pending in the same
/// compare-and-swap; it is then enqueued with a dedupe key (rollout, account, cycle), so a crash
/// between the enqueue and clearing it never announces it twice. Without `forwarding` it goes to
/// the event log instead.
///
///     {"id", "type": "release.account_released", "authorizer_appid", "occurred_at",
///      "release": {"id", "template_id", "user_version", …}, "account": {"state", "auditid", "reason", …}}
extension ReleaseService {
    private struct AccountNotice: Encodable {
        var id: String
        var type: String
        var authorizerAppID: String
        var occurredAt: Date
        var release: ReleaseJSON.Summary
        var account: ReleaseJSON.Account
        enum CodingKeys: String, CodingKey {
            case id, type, authorizerAppID = "authorizer_appid", occurredAt = "occurred_at", release, account
        }
    }

    private struct FinishedNotice: Encodable {
        var id: String
        var type: String
        var occurredAt: Date
        var release: ReleaseJSON.Summary
        enum CodingKeys: String, CodingKey { case id, type, occurredAt = "occurred_at", release }
    }

    /// Hands `account`'s pending notice on, then clears it. True when it was handed on.
    func deliverNotice(_ account: RolloutAccount, of rollout: Rollout, summary: ReleaseJSON.Summary) async -> Bool {
        guard let type = account.notice else { return false }
        do {
            if let forwarding = platform.forwarding {
                try await forwarding.enqueueEvent(type, accountKey: account.appID,
                                                  dedupeKey: "\(rollout.id)/\(account.appID)/\(type)/\(account.cycle)") { id, now in
                    let notice = AccountNotice(id: id, type: type, authorizerAppID: account.appID, occurredAt: now, release: summary,
                                               account: ReleaseJSON.Account(account))
                    return String(decoding: try APIResponse.encoder.encode(notice), as: UTF8.self)
                }
            } else {
                await platform.events.record(type, appID: account.appID, outcome: type == Self.auditFailedNotice ? "failed" : "ok",
                                             "\(rollout.id): \(rollout.userVersion)")
            }
            try await store.updateAccount(rollout.id, account.appID) { stored in
                guard stored.notice == type else { return false }
                stored.notice = nil
                return true
            }
            return true
        } catch {
            logger.error("release_notice_not_enqueued", ["release_id": rollout.id, "authorizer_appid": account.appID, "type": type,
                                                         "error": "\(error)", "action": "tried again on the next pass"])
            return false
        }
    }

    /// Marks the rollout finished (every account at an end) and announces it once.
    func finish(_ rollout: Rollout, accounts: [RolloutAccount]) async -> Bool {
        let now = clock.now()
        do {
            var announce = rollout.finishPending
            if rollout.state != .finished {
                let finished = try await store.updateRollout(rollout.id) { stored in
                    guard stored.state != .finished else { return false }
                    stored.state = .finished
                    stored.finishedAt = now
                    stored.updatedAt = now
                    stored.finishes += 1
                    stored.finishPending = true
                    return true
                }
                announce = finished?.finishPending == true
                logger.info("release_finished", ["release_id": rollout.id, "accounts": String(accounts.count)])
            }
            guard announce, let current = try await store.rollout(rollout.id)?.value else { return true }
            let summary = ReleaseJSON.Summary(current, accounts: accounts)
            if let forwarding = platform.forwarding {
                try await forwarding.enqueueEvent(Self.finishedNotice, accountKey: platform.componentAppID,
                                                  dedupeKey: "\(rollout.id)/\(Self.finishedNotice)/\(current.finishes)") { id, now in
                    let notice = FinishedNotice(id: id, type: Self.finishedNotice, occurredAt: now, release: summary)
                    return String(decoding: try APIResponse.encoder.encode(notice), as: UTF8.self)
                }
            } else {
                await platform.events.record(Self.finishedNotice, "\(rollout.id): \(summary.counts[.released]) released, "
                                             + "\(summary.counts[.auditFailed]) rejected, \(summary.counts[.failed]) failed")
            }
            try await store.updateRollout(rollout.id) { stored in
                guard stored.finishPending else { return false }
                stored.finishPending = false
                return true
            }
            return true
        } catch {
            logger.error("release_finish_not_recorded", ["release_id": rollout.id, "error": "\(error)"])
            return false
        }
    }
}
