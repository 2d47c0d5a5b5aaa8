import Foundation
import Testing
@testable import WXOpenCore

/// The in-memory table behind login states and tickets: single use, expiry, bounds.
@Suite struct ExpiringTableTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func value_IsTakenOnce_ThenReportedUsed() {
        var table = ExpiringTable<Int>(lifetime: 60, capacity: 10)
        table.insert("secret-a", 1, now: start)
        guard case .value(1) = table.take("secret-a", now: start + 59) else { Issue.record("not taken"); return }
        guard case .used = table.take("secret-a", now: start + 59) else { Issue.record("not used"); return }
        guard case .unknown = table.take("secret-b", now: start) else { Issue.record("not unknown"); return }
    }

    @Test func value_Expires_AtItsLifetime_ThenIsForgottenAfterAnother() {
        var table = ExpiringTable<Int>(lifetime: 60, capacity: 10)
        table.insert("a", 1, now: start)
        table.insert("b", 2, now: start)
        guard case .expired = table.take("a", now: start + 60) else { Issue.record("not expired"); return }
        guard case .unknown = table.take("b", now: start + 120) else { Issue.record("not forgotten"); return }
        #expect(table.count == 0)
    }

    @Test func full_DropsTheOldestEntry() {
        var table = ExpiringTable<Int>(lifetime: 60, capacity: 3)
        for (index, secret) in ["a", "b", "c", "d"].enumerated() { table.insert(secret, index, now: start) }
        #expect(table.count == 3)
        guard case .unknown = table.take("a", now: start) else { Issue.record("oldest kept"); return }
        guard case .value(3) = table.take("d", now: start) else { Issue.record("newest lost"); return }
    }

    @Test func manyInsertions_StayBounded_ByCapacityOrLifetime() {
        var table = ExpiringTable<Int>(lifetime: 60, capacity: 1000)
        for index in 0..<5000 { table.insert("s\(index)", index, now: start + Double(index) * 0.1) }
        #expect(table.count == 1000)
        table.insert("late", 0, now: start + 10_000)
        #expect(table.count == 1)
    }
}
