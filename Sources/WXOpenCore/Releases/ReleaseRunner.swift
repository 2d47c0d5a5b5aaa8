import Foundation
import WXOpenSupport

/// Drives every rollout, in every `wxopen serve` process: each pass reads the rollouts that are
/// not finished and their accounts, hands pending lifecycle deliveries on, runs each account's
/// due step (`ReleaseService.due`) at most `releases.concurrency` at once, and marks finished
/// the rollouts whose accounts all reached an end. Several instances on one database share the
/// work: a step is taken by the instance whose claim (a compare-and-swap) lands first.
///
/// It looks again at once when something happened (a rollout started, a push, a command), and
/// otherwise every `scanIntervalSeconds`, which also picks up what other instances changed.
public final class ReleaseRunner: Sendable {
    let service: ReleaseService

    init(service: ReleaseService) {
        self.service = service
    }

    /// One pass; returns how many steps and deliveries it worked on. Tests call it, moving the
    /// clock between passes, until it returns 0.
    @discardableResult
    public func runOnce() async -> Int {
        let now = service.clock.now()
        var work: [(ReleaseService.Step, Versioned<RolloutAccount>, Rollout)] = []
        var done = 0
        let rollouts: [Versioned<Rollout>]
        do {
            rollouts = try await service.store.rollouts()
        } catch {
            service.logger.error("release_scan_failed", ["error": "\(error)"])
            return 0
        }
        for versioned in rollouts where versioned.value.state != .finished || versioned.value.finishPending {
            let rollout = versioned.value
            let accounts: [Versioned<RolloutAccount>]
            do {
                accounts = try await service.store.accounts(of: rollout.id)
            } catch {
                service.logger.error("release_scan_failed", ["release_id": rollout.id, "error": "\(error)"])
                continue
            }
            let values = accounts.map(\.value)
            let summary = ReleaseJSON.Summary(rollout, accounts: values)
            var due = 0
            for account in accounts {
                if account.value.notice != nil, await service.deliverNotice(account.value, of: rollout, summary: summary) { done += 1 }
                if let step = ReleaseService.due(account.value, in: rollout, at: now) {
                    work.append((step, account, rollout))
                    due += 1
                }
            }
            let ended = values.allSatisfy { $0.phase.isFinal && $0.notice == nil }
            if due == 0, ended, rollout.state != .finished || rollout.finishPending, await service.finish(rollout, accounts: values) {
                done += 1
            }
        }
        let limiter = ConcurrencyLimiter(limit: service.settings.concurrency)
        let service = service
        let performed = await withTaskGroup(of: Bool.self) { group in
            for (step, account, rollout) in work {
                group.addTask { (try? await limiter.run { await service.perform(step, account, of: rollout) }) ?? false }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        return done + performed
    }

    /// Runs until the task is cancelled; steps in flight then end (their leases lapse).
    public func run() async {
        while !Task.isCancelled {
            if await runOnce() > 0 { continue }
            await service.doorbell.wait(upTo: .seconds(service.settings.scanIntervalSeconds), sleep: service.idleSleep)
        }
    }
}
