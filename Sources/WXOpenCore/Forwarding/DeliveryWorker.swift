import Foundation
import Synchronization
import WXOpenSupport

/// Delivers the outbox in the background, in every `wxopen serve` process: claims what is due
/// (each account's oldest delivery, leased to this process), posts up to `concurrency` at once,
/// and records each outcome (see `ForwardingService.attempt`). Several instances on one database
/// each claim some; a dead instance's leases lapse after `ForwardingService.leaseDuration`.
///
/// It looks again as soon as a delivery is enqueued or an attempt ends (the doorbell), when the
/// next retry is due, and at least every `pollInterval` (for what other instances enqueue).
public final class DeliveryWorker: Sendable {
    let service: ForwardingService
    /// Attempts in flight at once. Default: 16.
    let concurrency: Int
    /// Default: 1 s.
    let pollInterval: TimeInterval
    private let running = Atomic<Int>(0)

    init(service: ForwardingService, concurrency: Int = 16, pollInterval: TimeInterval = 1) {
        self.service = service
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
    }

    /// Claims what is due (at most `concurrency`), delivers it and waits for every attempt;
    /// returns how many were attempted. For tests, which move the clock between passes.
    @discardableResult
    public func runOnce() async -> Int {
        let claimed = await claim(limit: concurrency)
        await withDiscardingTaskGroup { group in
            for delivery in claimed { group.addTask { _ = await self.service.attempt(delivery) } }
        }
        return claimed.count
    }

    /// Runs until the task is cancelled; attempts in flight then finish (or are cut short,
    /// uncounted) before it returns.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = concurrency - running.load(ordering: .relaxed)
                let claimed = free > 0 ? await claim(limit: free) : []
                for delivery in claimed {
                    running.add(1, ordering: .relaxed)
                    group.addTask {
                        _ = await self.service.attempt(delivery)
                        self.running.subtract(1, ordering: .relaxed)
                    }
                }
                // Claimed all there was room for: there may be more at once.
                if !claimed.isEmpty, claimed.count == free { continue }
                // Full: the next attempt to end rings.
                let wait = free > 0 ? await idleWait() : .milliseconds(Int(pollInterval * 1000))
                await service.doorbell.wait(upTo: wait, sleep: service.idleSleep)
            }
        }
    }

    private func claim(limit: Int) async -> [OutboxDelivery] {
        do {
            return try await service.claim(limit: limit)
        } catch {
            service.logger.error("delivery_claim_failed", ["error": "\(error)", "action": "trying again in \(Int(pollInterval)) s"])
            return []
        }
    }

    /// Until the next retry is due, at most `pollInterval`.
    private func idleWait() async -> Duration {
        var wait = pollInterval
        if let next = try? await service.store.outboxCounts(now: service.clock.now()).nextAttemptAt {
            wait = min(wait, max(0.001, next.timeIntervalSince(service.clock.now())))
        }
        return .milliseconds(Int((wait * 1000).rounded(.up)))
    }
}
