import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 5: authorizer tokens against the simulator on a manual clock.
@Suite struct AuthorizerTokenTests {
    typealias Harness = PlatformHarness
    static let account = PlatformHarness.officialAccount

    /// A harness with a ticket and one account authorized through the push.
    static func authorized(configure: (inout Configuration) -> Void = { _ in }) async throws -> (Harness, AuthorizerRecord) {
        let harness = try await Harness.start(configure: configure)
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, sendPush: true)
        harness.simulator.resetCounters()
        return (harness, try #require(try await harness.store.authorizer(appID: account)))
    }

    var calls: (Harness) -> Int { { $0.simulator.counters()["api_authorizer_token"] ?? 0 } }

    @Test func rotatedRefreshToken_IsStored() async throws {
        let (harness, record) = try await Self.authorized()
        harness.clock.advance(by: 7200)
        let after = try await harness.app.tokens.accessToken(appID: Self.account)
        #expect(after.refreshToken != record.refreshToken)
        #expect(after.refreshToken == harness.simulator.authorization(of: Self.account)?.refreshToken)
        await harness.stop()
    }

    @Test func invalidRefreshToken_IsRecoveredFromTheAuthorizerList() async throws {
        let (harness, _) = try await Self.authorized()
        try await harness.store.updateAuthorizer(appID: Self.account) { record in
            var record = record!
            record.refreshToken = "refreshtoken@@@lost"
            record.accessTokenExpiresAt = harness.clock.now()
            return record
        }
        let after = try await harness.app.tokens.accessToken(appID: Self.account)
        #expect(after.status == .authorized)
        #expect(after.refreshToken == harness.simulator.authorization(of: Self.account)?.refreshToken)
        #expect(harness.simulator.counters()["api_get_authorizer_list"] ?? 0 >= 1)
        #expect(try await harness.store.recentEvents(EventQuery(appID: Self.account)).contains { $0.kind == "token.refresh_token_recovered" })
        await harness.stop()
    }

    @Test func unrecoverableRefreshToken_MarksNeedsReauthorization() async throws {
        let (harness, record) = try await Self.authorized()
        harness.clock.advance(by: 7200)
        harness.simulator.injectFault(.errcode(61023), endpoint: "api_authorizer_token", count: 5)
        await #expect(throws: PlatformError.self) { _ = try await harness.app.tokens.accessToken(appID: Self.account) }
        let after = try #require(try await harness.store.authorizer(appID: Self.account))
        #expect(after.status == .needsReauthorization)
        #expect(after.refreshToken == record.refreshToken)
        #expect(try await harness.store.recentEvents(EventQuery(appID: Self.account)).contains { $0.kind == "authorizer.status_changed" })
        let api = try await harness.api("GET", "/api/v1/authorizers/\(Self.account)/access-token")
        #expect(api.status == 409)
        #expect((api.json["error"] as? [String: Any])?["code"] as? String == "needs_reauthorization")
        await harness.stop()
    }

    @Test func notAuthorizedAnyMore_61003_MarksRevoked() async throws {
        let (harness, _) = try await Self.authorized()
        harness.clock.advance(by: 7200)
        harness.simulator.injectFault(.errcode(61003), endpoint: "api_authorizer_token", count: 1)
        await #expect(throws: PlatformError.self) { _ = try await harness.app.tokens.accessToken(appID: Self.account) }
        #expect(try await harness.store.authorizer(appID: Self.account)?.status == .revoked)
        await harness.stop()
    }

    @Test func systemBusy_ThenSuccess() async throws {
        let (harness, _) = try await Self.authorized()
        harness.clock.advance(by: 7200)
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_authorizer_token", count: 1)
        let after = try await harness.app.tokens.accessToken(appID: Self.account)
        #expect(after.accessTokenExpiresAt == harness.clock.now() + 7200)
        #expect(calls(harness) == 2)
        await harness.stop()
    }

    @Test func upstreamTimeout_LeavesTheRefreshTokenIntact() async throws {
        let (harness, record) = try await Self.authorized { $0.wechat.timeoutSeconds = 1 }
        harness.clock.advance(by: 7200)
        // Far past the 1 s timeout, so no scheduling hiccup can let an answer win; in-process the
        // delayed handler is cancelled at the deadline, so the test does not wait for it.
        harness.simulator.injectFault(.delay(60), endpoint: "api_authorizer_token", count: 3)
        await #expect(throws: PlatformError.self) { _ = try await harness.app.tokens.accessToken(appID: Self.account) }
        let after = try #require(try await harness.store.authorizer(appID: Self.account))
        #expect(after.refreshToken == record.refreshToken)
        #expect(after.status == .authorized)
        #expect(after.lastRefreshError != nil)
        await harness.stop()
    }

    @Test func twoHundredConcurrentRequests_ForAnExpiredToken_MakeOneUpstreamCall() async throws {
        let (harness, _) = try await Self.authorized()
        harness.clock.advance(by: 7200)
        let tokens = harness.app.tokens
        let distinct = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<200 { group.addTask { try await tokens.accessToken(appID: Self.account).accessToken ?? "" } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(distinct.count == 1)
        #expect(calls(harness) == 1)
        await harness.stop()
    }

    @Test func compareAndRefresh_WithAStaleToken_MakesNoUpstreamCall() async throws {
        let (harness, record) = try await Self.authorized()
        let response = try await harness.api("POST", "/api/v1/authorizers/\(Self.account)/access-token/refresh",
                                             body: #"{"invalid_token": "an-older-token"}"#)
        #expect(response.status == 200)
        #expect(response.json["access_token"] as? String == record.accessToken)
        #expect(calls(harness) == 0)
        let refreshed = try await harness.api("POST", "/api/v1/authorizers/\(Self.account)/access-token/refresh",
                                              body: #"{"invalid_token": "\#(record.accessToken!)"}"#)
        #expect(refreshed.status == 200)
        #expect(refreshed.json["access_token"] as? String != record.accessToken)
        #expect(calls(harness) == 1)
        await harness.stop()
    }
}
