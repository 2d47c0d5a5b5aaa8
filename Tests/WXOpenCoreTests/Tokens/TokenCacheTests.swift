import Foundation
import Testing
@testable import WXOpenCore

/// The in-memory copy the token managers serve from: only what the store said, dropped when it
/// says otherwise.
@Suite struct TokenCacheTests {
    static let down = StoreError.unavailable(store: "test", detail: "cut")

    @Test func aRead_IsKept_UntilTheKeyIsDropped() async throws {
        let cache = TokenCache<String>()
        #expect(try await cache.load("k") { "v1" } == "v1")
        #expect(cache.value("k") == "v1")
        cache.remove("k")
        #expect(cache.value("k") == nil)
        #expect(try await cache.load("absent") { nil } == nil)
        #expect(cache.count == 0, "nothing is kept for a record the store does not have")
    }

    @Test func aReadInFlight_WhenItsKeyIsDropped_DoesNotFillTheCache() async throws {
        let cache = TokenCache<String>()
        // The store answered before another instance's write; its notice arrives before the answer is kept.
        #expect(try await cache.load("k") { cache.remove("k"); return "old" } == "old")
        #expect(cache.value("k") == nil)
        #expect(try await cache.load("k") { cache.removeAll(); return "old" } == "old")
        #expect(cache.value("k") == nil)
        #expect(try await cache.load("k") { "new" } == "new")
        #expect(cache.value("k") == "new")
    }

    @Test func whatEverythingDropped_IsServed_OnlyWhileTheStoreIsUnreachable() async throws {
        let cache = TokenCache<String>()
        _ = try await cache.load("k") { "held" }
        cache.removeAll()
        #expect(cache.value("k") == nil)
        #expect(try await cache.load("k") { throw Self.down } == "held")
        #expect(try await cache.load("k") { "fresh" } == "fresh")
        cache.removeAll()
        cache.remove("k")
        await #expect(throws: StoreError.self) { try await cache.load("k") { throw Self.down } }
    }

    @Test func atCapacity_TheOlderHalfMakesRoom() async throws {
        let cache = TokenCache<Int>(capacity: 4)
        for number in 0..<10 { _ = try await cache.load("k\(number)") { number } }
        #expect(cache.count == 4)
        #expect((6...9).map { cache.value("k\($0)") } == [6, 7, 8, 9])
        #expect(cache.value("k5") == nil)
        // A dropped key goes from either generation.
        cache.remove("k6")
        #expect(cache.value("k6") == nil && cache.count == 3)
    }
}
