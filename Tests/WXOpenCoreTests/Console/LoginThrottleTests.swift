import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

@Suite struct LoginThrottleTests {
    @Test(arguments: StoreBackend.available)
    func fifthFailure_BlocksTheAddress_UntilTheOldestLeavesTheWindow(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let clock = ManualClock()
            let throttle = LoginThrottle(store: store, clock: clock, limit: 5, window: 60)
            for _ in 1...4 {
                try await throttle.recordFailure(for: "198.51.100.1")
                clock.advance(by: 10)
            }
            #expect(try await throttle.retryAfter(for: "198.51.100.1") == nil)
            try await throttle.recordFailure(for: "198.51.100.1")
            // The first failure was 40 s ago: 20 s to go.
            #expect(try await throttle.retryAfter(for: "198.51.100.1") == 20)
            #expect(try await throttle.retryAfter(for: "198.51.100.2") == nil)
            clock.advance(by: 20)
            #expect(try await throttle.retryAfter(for: "198.51.100.1") == nil)
        }
    }

    @Test func success_ClearsTheFailures() async throws {
        let throttle = LoginThrottle(store: MemoryStore(), clock: ManualClock(), limit: 2, window: 60)
        try await throttle.recordFailure(for: "a")
        try await throttle.recordFailure(for: "a")
        #expect(try await throttle.retryAfter(for: "a") == 60)
        try await throttle.reset(for: "a")
        #expect(try await throttle.retryAfter(for: "a") == nil)
    }

    @Test func failuresOnTwoInstances_CountTogether() async throws {
        let store = MemoryStore(), clock = ManualClock()
        let one = LoginThrottle(store: store, clock: clock, limit: 4, window: 60)
        let two = LoginThrottle(store: store, clock: clock, limit: 4, window: 60)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for throttle in [one, two, one, two] { group.addTask { try await throttle.recordFailure(for: "203.0.113.9") } }
            try await group.waitForAll()
        }
        #expect(try await one.retryAfter(for: "203.0.113.9") == 60)
        #expect(try await two.retryAfter(for: "203.0.113.9") == 60)
    }
}
