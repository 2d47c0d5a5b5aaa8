import Foundation
import Testing
@testable import WeChatSimulator

/// The state rules without sockets.
@Suite struct LedgerTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func tokenLedger_ReplacedComponentToken_Works5Minutes() throws {
        var ledger = TokenLedger()
        let first = ledger.issue(for: .component, now: start, lifetime: 7200, grace: 300)
        _ = ledger.issue(for: .component, now: start + 10, lifetime: 7200, grace: 300)
        #expect(try ledger.owner(of: first, now: start + 309, grace: 300) == .component)
        #expect(throws: APIError.invalidCredential) { try ledger.owner(of: first, now: start + 310, grace: 300) }
    }

    @Test func tokenLedger_ForgetsTokensPastTheirGrace() {
        var ledger = TokenLedger()
        for second in 0..<50 { _ = ledger.issue(for: .authorizer("wx1"), now: start + Double(second) * 400, lifetime: 7200, grace: 300) }
        // The newest, and the one it just replaced (still in its grace).
        #expect(ledger.records.count == 2)
    }

    @Test func tokenLedger_RemoveAll_MakesTokens40001() {
        var ledger = TokenLedger()
        let token = ledger.issue(for: .authorizer("wx1"), now: start, lifetime: 7200, grace: 300)
        ledger.removeAll(of: .authorizer("wx1"))
        #expect(throws: APIError.invalidCredential) { try ledger.requireAuthorizer(token, now: start, grace: 300) }
    }

    @Test func ticketLedger_Accepts_UntilTheLifetimeEnds() throws {
        var ledger = TicketLedger()
        let ticket = ledger.issue(now: start, lifetime: 43_200)
        try ledger.check(ticket, now: start + 43_199, lifetime: 43_200)
        #expect(throws: APIError.ticketInvalid) { try ledger.check(ticket, now: start + 43_200, lifetime: 43_200) }
    }

    @Test func authorizationLedger_RefreshWithoutRotation_KeepsTheToken() throws {
        var ledger = AuthorizationLedger()
        _ = ledger.authorize("wx1", funcIDs: [1], now: start, codeLifetime: 600)
        let refresh = try #require(ledger.active("wx1")?.refreshToken)
        let kept = try ledger.refresh("wx1", refreshToken: refresh, rotate: false)
        #expect(kept == refresh)
        var copy = ledger
        #expect(throws: APIError.refreshTokenInvalid) { try copy.refresh("wx1", refreshToken: "other", rotate: false) }
    }

    @Test func authorizationLedger_ReauthorizationAfterRevoke_IsAuthorized() {
        var ledger = AuthorizationLedger()
        _ = ledger.authorize("wx1", funcIDs: [1], now: start, codeLifetime: 600)
        let revoked = ledger.revoke("wx1")
        let revokedAgain = ledger.revoke("wx1")
        #expect(revoked)
        #expect(!revokedAgain)
        let grant = ledger.authorize("wx1", funcIDs: [1, 2], now: start, codeLifetime: 600)
        #expect(grant.infoType == "authorized")
        #expect(ledger.activeOrder == ["wx1"])
    }

    @Test func faultPlan_ServesEachFault_ForItsCount() {
        var plan = FaultPlan()
        plan.inject(.httpStatus(503), endpoint: "a", count: 2)
        plan.inject(.malformedJSON, endpoint: "a", count: 1)
        #expect(plan.pending == ["a": 3])
        let taken = [plan.take(for: "a"), plan.take(for: "a"), plan.take(for: "a"), plan.take(for: "a"), plan.take(for: "b")]
        #expect(taken == [.httpStatus(503), .httpStatus(503), .malformedJSON, nil, nil])
    }

    @Test func jsonValue_EscapesQuotesBackslashesAndControls_KeepsUnicodeAndSlashes() {
        let value = JSONValue.object([("a", .string("\"\\\n\u{01}/中文")), ("b", .array([.int(-1), .bool(true), .null]))])
        #expect(value.rendered() == #"{"a":"\"\\\n\u0001/中文","b":[-1,true,null]}"#)
    }

    @Test func permissionSets_ParseCategoryIDList() {
        #expect(PermissionSet.parseList("1|2|17") == [1, 2, 17])
        #expect(PermissionSet.parseList("1|x") == nil)
        #expect(PermissionSet.parseList("") == nil)
        #expect(PermissionSet.name(4) == "网页服务权限")
        #expect(PermissionSet.name(77) == "权限集 77")
    }
}
