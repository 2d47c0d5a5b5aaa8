import Testing
@testable import WXOpenCore

/// What is particular to `MemoryStore`; `StoreContractTests` checks what every store promises.
@Suite struct MemoryStoreTests {
    @Test func events_KeepTheNewest_UpToTheCapacityGiven() throws {
        let store = MemoryStore(eventCapacity: 2)
        for number in 1 ... 4 { try store.appendEvent(StoreFixtures.event("push.k\(number)")) }
        #expect(store.recentEvents(EventQuery()).map(\.kind) == ["push.k4", "push.k3"])
        #expect(try store.appendEvent(StoreFixtures.event()).id == 5)
    }

    @Test func secrets_AreKeptAsGiven_EvenWhenTheyLookSealed() throws {
        let store = MemoryStore()
        try store.saveTicket(StoredTicket(componentAppID: "wxc", ticket: "enc:v1:abc", receivedAt: StoreFixtures.now, createTime: StoreFixtures.now))
        #expect(store.ticket(componentAppID: "wxc")?.ticket == "enc:v1:abc")
    }
}
