import Testing
@testable import WXOpenCore
import WXOpenTesting

/// What is particular to `MemoryStore`; `StoreContractTests` checks what every store promises.
@Suite struct MemoryStoreTests {
    @Test func events_AreDropped_OnceOlderThanTheRetention() throws {
        let clock = ManualClock(StoreFixtures.now)
        let store = MemoryStore(eventRetention: 3600, clock: clock)
        try store.appendEvent(StoreFixtures.event("push.old"))
        clock.advance(by: 3601)
        try store.appendEvent(StoreFixtures.event("push.new", at: clock.now()))
        #expect(try store.events(EventQuery()).events.map(\.kind) == ["push.new"])
        #expect(try store.appendEvent(StoreFixtures.event()).id == 3)
    }

    @Test func secrets_AreKeptAsGiven_EvenWhenTheyLookSealed() throws {
        let store = MemoryStore()
        try store.saveTicket(StoredTicket(componentAppID: "wxc", ticket: "enc:v1:abc", receivedAt: StoreFixtures.now, createTime: StoreFixtures.now))
        #expect(store.ticket(componentAppID: "wxc")?.ticket == "enc:v1:abc")
    }
}
