import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

@Suite struct UsedStateLedgerTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    @Test func state_IsClaimedOnce_UntilItExpires() async {
        let ledger = MemoryUsedStateLedger(clock: clock)
        let expires = clock.now() + 3600
        #expect(await ledger.claim("s1", expires: expires))
        #expect(await !ledger.claim("s1", expires: expires))
        #expect(await ledger.claim("s2", expires: expires))
        clock.advance(by: 3599)
        #expect(await !ledger.claim("s1", expires: expires))
        // Past its expiry the signer refuses the state anyway: it need not be remembered.
        clock.advance(by: 61)
        #expect(await ledger.claim("s3", expires: clock.now() + 3600))
        #expect(await ledger.count == 1)
    }

    @Test func fullLedger_ForgetsTheStateNearestItsExpiry() async {
        let ledger = MemoryUsedStateLedger(clock: clock, capacity: 2)
        #expect(await ledger.claim("soon", expires: clock.now() + 10))
        #expect(await ledger.claim("late", expires: clock.now() + 3600))
        #expect(await ledger.claim("new", expires: clock.now() + 3600))
        #expect(await ledger.count == 2)
        #expect(await !ledger.claim("late", expires: clock.now() + 3600))
        #expect(await ledger.claim("soon", expires: clock.now() + 10))
    }
}
