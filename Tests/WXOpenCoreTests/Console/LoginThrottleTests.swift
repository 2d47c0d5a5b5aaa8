import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

@Suite struct LoginThrottleTests {
    @Test func fifthFailure_BlocksTheAddress_UntilTheOldestLeavesTheWindow() {
        let clock = ManualClock()
        let throttle = LoginThrottle(clock: clock, limit: 5, window: 60)
        for _ in 1...4 {
            throttle.recordFailure(for: "198.51.100.1")
            clock.advance(by: 10)
        }
        #expect(throttle.retryAfter(for: "198.51.100.1") == nil)
        throttle.recordFailure(for: "198.51.100.1")
        // The first failure was 40 s ago: 20 s to go.
        #expect(throttle.retryAfter(for: "198.51.100.1") == 20)
        #expect(throttle.retryAfter(for: "198.51.100.2") == nil)
        clock.advance(by: 20)
        #expect(throttle.retryAfter(for: "198.51.100.1") == nil)
    }

    @Test func success_ClearsTheFailures() {
        let throttle = LoginThrottle(clock: ManualClock(), limit: 2, window: 60)
        throttle.recordFailure(for: "a")
        throttle.recordFailure(for: "a")
        #expect(throttle.retryAfter(for: "a") == 60)
        throttle.reset(for: "a")
        #expect(throttle.retryAfter(for: "a") == nil)
    }
}
