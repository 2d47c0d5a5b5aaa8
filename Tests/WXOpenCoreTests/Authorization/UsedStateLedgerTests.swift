import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

@Suite struct UsedStateLedgerTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    @Test func state_IsClaimedOnce_UntilItExpires() async throws {
        let ledger = UsedStateLedger(store: MemoryStore(), clock: clock)
        let expires = clock.now() + 3600
        #expect(try await ledger.claim("s1", expires: expires))
        #expect(try await !ledger.claim("s1", expires: expires))
        #expect(try await ledger.claim("s2", expires: expires))
        clock.advance(by: 3599)
        #expect(try await !ledger.claim("s1", expires: expires))
        // Past its expiry the signer refuses the state anyway: it need not be remembered.
        clock.advance(by: 1)
        #expect(try await ledger.claim("s1", expires: clock.now() + 3600))
    }

    /// Kept in the store: a restart (a new ledger over the same store) still refuses a used state,
    /// and the store holds only its digest.
    @Test func usedState_IsRefused_AfterARestart_AndNotStoredInClear() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            #expect(try await UsedStateLedger(store: store, clock: clock).claim("state-in-clear", expires: clock.now() + 3600))
            await store.close()
            #expect(!(try harness.text(harness.journalPath)).contains("state-in-clear"))
            let reopened = try await harness.open()
            #expect(try await !UsedStateLedger(store: reopened, clock: clock).claim("state-in-clear", expires: clock.now() + 3600))
            await reopened.close()
        }
    }
}
