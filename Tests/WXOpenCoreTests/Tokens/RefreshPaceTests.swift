import Foundation
import Testing
@testable import WXOpenCore

/// The adaptive upstream concurrency: raised when a backlog would miss its margin, lowered on busy answers.
@Suite struct RefreshPaceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// `count` deadlines `slack` seconds from now.
    func deadlines(_ count: Int, slack: TimeInterval) -> ArraySlice<Double> {
        Array(repeating: (now + slack).timeIntervalSinceReferenceDate, count: count)[...]
    }

    @Test func plan_StaysAtTheFloor_WhenTheBacklogFitsBeforeItsDeadlines() {
        let pace = RefreshPace(floor: 4, ceiling: 32)
        // 1,000 refreshes of 0.25 s at 4 at a time take 62.5 s, well before 900 s.
        #expect(pace.plan(deadlines: deadlines(1000, slack: 900), now: now) == 4)
    }

    @Test func plan_RaisesTheLimit_SoThatTheBacklogIsDoneBeforeItsDeadlines() {
        let pace = RefreshPace(floor: 4, ceiling: 32)
        // 20,000 × 0.25 s / 900 s = 5.6 slots, with 1.5× headroom: 9.
        #expect(pace.plan(deadlines: deadlines(20_000, slack: 900), now: now) == 9)
        // 100 due in 10 s among 19,900 due in an hour: the first 100 decide (2.5 slots). Sampled
        // at powers of two the estimate is at most twice that (128 × 0.25 / 10 = 3.2), × 1.5: 5.
        let mixed = (deadlines(100, slack: 10) + deadlines(19_900, slack: 3600))[...]
        #expect(pace.plan(deadlines: mixed, now: now) == 5)
    }

    @Test func plan_IsCappedAtTheMaximum_AndFallsBackOnceTheBacklogIsGone() {
        let pace = RefreshPace(floor: 2, ceiling: 16)
        #expect(pace.plan(deadlines: deadlines(200_000, slack: 900), now: now) == 16)
        #expect(pace.limit == 16)
        #expect(pace.plan(deadlines: [], now: now) == 2)
    }

    @Test func observe_LearnsTheLatencyPerSlot_FromFullBatchesOnly() {
        let pace = RefreshPace(floor: 4, ceiling: 32)
        // 8 refreshes, 4 at a time, in 0.1 s: 50 ms each; the estimate moves halfway there.
        pace.observe(refreshes: 8, elapsed: 0.1, concurrency: 4)
        #expect(abs(pace.latency - (0.25 + 0.05) / 2) < 1e-9)
        // Fewer than the slots, or a clock that did not move: nothing learnt.
        pace.observe(refreshes: 2, elapsed: 10, concurrency: 4)
        pace.observe(refreshes: 8, elapsed: 0, concurrency: 4)
        #expect(abs(pace.latency - 0.15) < 1e-9)
    }

    @Test func busy_HalvesTheLimit_AndCapsItForTheCooldown() {
        let pace = RefreshPace(floor: 4, ceiling: 32)
        #expect(pace.plan(deadlines: deadlines(200_000, slack: 900), now: now) == 32)
        #expect(pace.noteBusy(now: now) == 16)
        // A burst of busy answers halves once.
        #expect(pace.noteBusy(now: now + 1) == 16)
        #expect(pace.plan(deadlines: deadlines(200_000, slack: 900), now: now + 60) == 16)
        #expect(pace.noteBusy(now: now + 60) == 8)
        // Below the configured start if WeChat keeps saying so.
        #expect(pace.noteBusy(now: now + 70) == 4)
        #expect(pace.noteBusy(now: now + 80) == 2)
        #expect(pace.plan(deadlines: deadlines(200_000, slack: 900), now: now + 90) == 2)
        // After the cooldown the backlog decides again.
        #expect(pace.plan(deadlines: deadlines(200_000, slack: 900), now: now + 80 + RefreshPace.busyCooldown) == 32)
    }
}
