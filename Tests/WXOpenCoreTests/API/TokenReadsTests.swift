import Foundation
import Testing
@testable import WXOpenCore

@Suite struct TokenReadsTests {
    @Test func readers_OlderThanTheHorizon_AreNotShown() {
        let reads = TokenReads()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        reads.record(appID: "wx1", key: "old", at: now - TokenReads.horizon - 1)
        reads.record(appID: "wx1", key: "new", at: now - 10)
        #expect(reads.readers(of: "wx1", now: now).map(\.key) == ["new"])
        #expect(reads.readers(of: "wx2", now: now).isEmpty)
    }
}
