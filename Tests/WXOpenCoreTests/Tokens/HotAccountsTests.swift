import Foundation
import Testing
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Reads noted in memory, stamped in the store at most once an hour per account, shared across instances.
@Suite struct HotAccountsTests {
    let store = MemoryStore()
    let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))

    func instance() -> HotAccounts { HotAccounts(window: 86_400, store: store, clock: clock, logger: .discard) }
    func stamp(_ appID: String) async throws -> StoredEntry? { try await store.entry(HotAccounts.namespace, key: appID, now: clock.now()) }

    @Test func reads_AreStampedAtMostOncePerHour() async throws {
        let hot = instance()
        for _ in 0..<3 { hot.noteRead("wxa") }
        #expect(hot.pendingCount == 1)
        await hot.flush()
        let first = try #require(try await stamp("wxa"))
        #expect(first.value == "1800000000")
        #expect(first.expiresAt == clock.now() + 86_400 + 3600)
        clock.advance(by: 1800)
        hot.noteRead("wxa")
        await hot.flush()
        #expect(try await stamp("wxa")?.version == first.version)
        clock.advance(by: 1801)
        hot.noteRead("wxa")
        await hot.flush()
        let second = try #require(try await stamp("wxa"))
        #expect(second.version != first.version && second.value == "1800003601")
    }

    @Test func twoInstancesReadingOneAccount_WriteOneStampPerHour() async throws {
        let a = instance(), b = instance()
        a.noteRead("wxa")
        await a.flush()
        let written = try #require(try await stamp("wxa"))
        clock.advance(by: 600)
        b.noteRead("wxa")
        await b.flush()
        #expect(try await stamp("wxa")?.version == written.version)
        // Nor do b's next reads within the hour.
        clock.advance(by: 600)
        b.noteRead("wxa")
        #expect(b.pendingCount == 0)
    }

    @Test func hotAmong_KnowsOwnReads_AndOtherInstancesStamps_UntilTheWindowEnds() async throws {
        let a = instance(), b = instance()
        a.noteRead("wxa")
        #expect(await a.hot(among: ["wxa", "wxb"]) == ["wxa"])
        // b learns of it only once a stamped it.
        #expect(await b.hot(among: ["wxa"]) == [])
        await a.flush()
        clock.advance(by: HotAccounts.recheckInterval)
        #expect(await b.hot(among: ["wxa", "wxb"]) == ["wxa"])
        // An hour past the window after the read (stamps are an hour coarse), it is cold everywhere.
        clock.advance(by: 86_400)
        #expect(await a.hot(among: ["wxa"]) == [])
        #expect(await b.hot(among: ["wxa"]) == [])
    }

    @Test func stampsOfMoreThanAPage_AreAllRead_AndColdAccountsCostNothing() async throws {
        let a = instance(), b = instance()
        let hotIDs = (0 ..< entryPageLimit + 5).map { "wxhot\($0)" }
        for appID in hotIDs { a.noteRead(appID) }
        await a.flush()
        let cold = (0 ..< 5000).map { "wxcold\($0)" }
        #expect(await b.hot(among: cold + hotIDs) == Set(hotIDs))
        // Nothing is remembered about the cold ones.
        #expect(b.knownCount == hotIDs.count)
    }
}
