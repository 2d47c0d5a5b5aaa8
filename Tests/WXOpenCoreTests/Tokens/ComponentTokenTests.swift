import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 4: the component access token against the simulator, on a manual clock.
@Suite struct ComponentTokenTests {
    typealias Harness = PlatformHarness

    var tokens: (Harness) -> ComponentTokenManager { { $0.app.platform.componentTokens } }

    @Test func concurrentDemand_MakesExactlyOneUpstreamCall() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let manager = tokens(harness)
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await manager.token().token } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(results.count == 1)
        #expect(harness.simulator.counters()["api_component_token"] == 1)
        await harness.stop()
    }

    @Test func token_IsRefreshed_OnlyWhenLessThanTheMarginRemains() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let first = try await tokens(harness).token()
        harness.clock.advance(by: 7200 - 600 - 1)
        #expect(try await tokens(harness).token() == first)
        #expect(harness.simulator.counters()["api_component_token"] == 1)
        harness.clock.advance(by: 2)
        #expect(try await tokens(harness).token() != first)
        #expect(harness.simulator.counters()["api_component_token"] == 2)
        await harness.stop()
    }

    @Test func rejectedToken_IsReplacedOnce_AndTheCallRetriedOnce() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await tokens(harness).token()
        harness.simulator.injectFault(.errcode(40001), endpoint: "api_create_preauthcode", count: 1)
        let client = harness.app.platform.client
        let code = try await tokens(harness).withToken { try await client.createPreAuthCode(componentToken: $0) }
        #expect(!code.code.isEmpty)
        #expect(harness.simulator.counters()["api_component_token"] == 2)
        #expect(harness.simulator.counters()["api_create_preauthcode"] == 2)
        await harness.stop()
    }

    @Test func persistent40001_IsNotRetriedInALoop() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        harness.simulator.injectFault(.errcode(40001), endpoint: "api_create_preauthcode", count: 10)
        let client = harness.app.platform.client
        await #expect(throws: PlatformError.self) {
            _ = try await tokens(harness).withToken { try await client.createPreAuthCode(componentToken: $0) }
        }
        #expect(harness.simulator.counters()["api_create_preauthcode"] == 2)
        #expect(harness.simulator.counters()["api_component_token"] == 2)
        await harness.stop()
    }

    @Test func systemBusy_IsRetried_WithBoundedAttempts() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_component_token", count: 2)
        _ = try await tokens(harness).token()
        #expect(harness.simulator.counters()["api_component_token"] == 3)
        harness.clock.advance(by: 7200)
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_component_token", count: 5)
        await #expect(throws: PlatformError.self) { _ = try await tokens(harness).token() }
        #expect(harness.simulator.counters()["api_component_token"] == 6)
        await harness.stop()
    }

    @Test func badAppSecret_IsNotRetried_AndTheHintIsLogged() async throws {
        let harness = try await Harness.start { $0.component.appSecret = "wrong-secret" }
        try await harness.pushTicket()
        do {
            _ = try await tokens(harness).token()
            Issue.record("a wrong appsecret produced a token")
        } catch let error as PlatformError {
            #expect(error.wechatErrcode == 40125)
        }
        #expect(harness.simulator.counters()["api_component_token"] == 1)
        #expect(harness.logs.contains("event=component_token_failed"))
        #expect(!harness.logs.contains("wrong-secret"))
        await harness.stop()
    }

    @Test func ipWhitelistError_SaysToAddTheEgressIP() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        harness.simulator.injectFault(.errcode(61004), endpoint: "api_component_token", count: 1)
        do {
            _ = try await tokens(harness).token()
            Issue.record("expected 61004")
        } catch let error as PlatformError {
            #expect(error.description.lowercased().contains("whitelist"))
        }
        await harness.stop()
    }

    @Test func noTicket_WaitsForOne_AndAsksWeChatAtMostEveryTenMinutes() async throws {
        let harness = try await Harness.start()
        // WeChat would push a ticket at once; keep it from doing so to see the waiting.
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_start_push_ticket", count: 10)
        for _ in 0..<3 {
            await #expect(throws: PlatformError.self) { _ = try await tokens(harness).token() }
        }
        #expect(harness.simulator.counters()["api_start_push_ticket"] == 1)
        harness.clock.advance(by: 601)
        await #expect(throws: PlatformError.self) { _ = try await tokens(harness).token() }
        #expect(harness.simulator.counters()["api_start_push_ticket"] == 2)
        await harness.stop()
    }

    @Test func ticketOlderThanTwelveHours_CountsAsNone() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        harness.clock.advance(by: 12 * 3600 + 1)
        harness.simulator.injectFault(.errcode(-1), endpoint: "api_start_push_ticket", count: 10)
        do {
            _ = try await tokens(harness).token()
            Issue.record("a stale ticket was used")
        } catch let error as PlatformError {
            #expect(error.code == "waiting_for_ticket")
        }
        let ready = try await harness.get(harness.platformURL + "/readyz")
        #expect(ready.status == 503)
        #expect(ready.text.contains("waiting for component_verify_ticket"))
        await harness.stop()
    }

    @Test func askingForATicket_BringsOne() async throws {
        let harness = try await Harness.start()
        await #expect(throws: PlatformError.self) { _ = try await tokens(harness).token() }
        // The simulator, like WeChat, answers api_start_push_ticket and then pushes a ticket.
        for _ in 0..<3000 where try await harness.store.ticket(componentAppID: harness.app.platform.componentAppID) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try await tokens(harness).token().token.isEmpty == false)
        await harness.stop()
    }
}
