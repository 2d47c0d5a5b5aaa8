import Foundation
import Testing
@testable import WXOpenCore

/// The refresher's keep-alive selection: the earliest `limit`, one per account, however many are added.
@Suite struct EarliestCandidatesTests {
    static func candidate(_ appID: String, refreshed: TimeInterval) -> RefreshCandidate {
        RefreshCandidate(appID: appID, accessToken: nil, accessTokenExpiresAt: nil, lastRefreshAt: Date(timeIntervalSince1970: refreshed))
    }

    @Test func keepsTheEarliest_OnePerAccount_AtMostTheLimit() {
        var selection = EarliestCandidates(limit: 3) { $0.lastRefreshAt ?? .distantPast }
        // Added latest first, with every account twice: the kept array is trimmed along the way.
        for number in (0..<50).reversed() {
            selection.add(Self.candidate("wx\(number)", refreshed: Double(number)))
            selection.add(Self.candidate("wx\(number)", refreshed: Double(number)))
        }
        #expect(selection.kept.count < 6)
        #expect(selection.earliest().map(\.appID) == ["wx0", "wx1", "wx2"])
    }

    @Test func fewerThanTheLimit_AllKept() {
        var selection = EarliestCandidates(limit: 10) { $0.lastRefreshAt ?? .distantPast }
        selection.add(Self.candidate("wxb", refreshed: 2))
        selection.add(Self.candidate("wxa", refreshed: 1))
        #expect(selection.earliest().map(\.appID) == ["wxa", "wxb"])
    }
}
