import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore

/// Issue 14, the account page's quota tools: quota display, rid lookup, and the quota reset
/// behind its confirmation step and the console's CSRF guard.
@Suite struct AccountToolsTests {
    typealias Harness = ConsoleHarness
    static let coffee = PlatformHarness.officialAccount
    static let page = "/admin/authorizers/\(coffee)"

    static func started(clearQuotaLimit: Int = 10) async throws -> Harness {
        let harness = try await Harness.start(simulatorConfigure: {
            $0.ridsInErrors = true
            $0.clearQuotaLimit = clearQuotaLimit
        })
        try await harness.authorize([coffee])
        return harness
    }

    @Test func accountPage_ShowsTheToolsCard() async throws {
        let harness = try await Self.started()
        let page = try await harness.signedInBrowser().get(Self.page)
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"tools\""))
        #expect(page.text.contains("href=\"/admin/authorizers/\(Self.coffee)/clear-quota\""))
        #expect(!page.text.contains("id=\"quota-result\""), "nothing is asked of WeChat until the operator asks")
        await harness.stop()
    }

    @Test func quota_IsShownOnThePage() async throws {
        let harness = try await Self.started()
        let page = try await harness.signedInBrowser().get(Self.page + "?cgi_path=%2Fcgi-bin%2Fgetcallbackip")
        #expect(page.text.contains("<pre class=\"result\" id=\"quota-result\">/cgi-bin/getcallbackip：今日限额 10000，已用 0，剩余 10000</pre>"))
        let refused = try await harness.signedInBrowser().get(Self.page + "?cgi_path=%2Fcgi-bin%2Fcomponent%2Fapi_query_auth")
        #expect(refused.text.contains("<p class=\"error\" id=\"quota-result\">查询失败："))
        #expect(refused.text.contains("76022"))
        await harness.stop()
    }

    @Test func rid_IsLookedUpOnThePage() async throws {
        let harness = try await Self.started()
        harness.simulator.injectFault(.errcode(45009), endpoint: "ticket_getticket")
        let context = ServiceContext(client: harness.platform.app.platform.client, store: harness.store, clock: harness.clock, logger: .discard)
        let tickets = JSAPITicketManager(context, tokens: harness.platform.app.tokens, margin: 900)
        let message: String
        do {
            _ = try await tickets.ticket(appID: Self.coffee)
            Issue.record("the injected fault did not fail the call")
            return
        } catch {
            message = "\(error)"
        }
        let rid = String(try #require(message.components(separatedBy: "rid: ").last).prefix { $0.isHexDigit || $0 == "-" })
        let page = try await harness.signedInBrowser().get(Self.page + "?rid=" + rid)
        #expect(page.text.contains("id=\"rid-result\""))
        #expect(page.text.contains("45009"))
        #expect(page.text.contains("type=jsapi"))
        let unknown = try await harness.signedInBrowser().get(Self.page + "?rid=00000000-00000000-00000000")
        #expect(unknown.text.contains("76001"))
        await harness.stop()
    }

    @Test func reset_AsksForConfirmation_ThenResets_AndRecordsWhoDidIt() async throws {
        let harness = try await Self.started()
        let browser = try await harness.signedInBrowser()
        let confirm = try await browser.get(Self.page + "/clear-quota")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("每个帐号每月只有 10 次机会"))
        #expect(confirm.field("confirm") == Self.coffee)
        #expect(harness.simulator.quotaResets(holder: Self.coffee) == 0, "showing the step spends nothing")

        let csrf = try #require(confirm.field("csrf"))
        let done = try await browser.post(Self.page + "/clear-quota", form: [("csrf", csrf), ("confirm", Self.coffee)])
        #expect(done.status == 303)
        #expect(done.location == Self.page)
        #expect(harness.simulator.quotaResets(holder: Self.coffee) == 1)
        #expect(try await browser.get(Self.page).text.contains("<div class=\"card ok\" id=\"flash\" role=\"status\">接口调用次数已重置。</div>"))
        let audit = try #require(try await harness.store.recentEvents(EventQuery(appID: Self.coffee, kindPrefix: "operator.")).first)
        #expect(audit.kind == "operator.quota_cleared")
        #expect(audit.detail.hasPrefix("by console user operator"))
        await harness.stop()
    }

    @Test func reset_WithoutTheConfirmationField_ResetsNothing() async throws {
        let harness = try await Self.started()
        let browser = try await harness.signedInBrowser()
        let reply = try await browser.post(Self.page + "/clear-quota", form: [("csrf", try await browser.csrfToken())])
        #expect(reply.status == 303)
        #expect(harness.simulator.quotaResets(holder: Self.coffee) == 0)
        #expect(try await browser.get(Self.page).text.contains("未确认，没有重置。"))
        await harness.stop()
    }

    @Test func reset_WithoutTheCSRFToken_IsRefused() async throws {
        let harness = try await Self.started()
        let reply = try await harness.signedInBrowser().post(Self.page + "/clear-quota", form: [("confirm", Self.coffee)])
        #expect(reply.status == 403)
        #expect(harness.simulator.quotaResets(holder: Self.coffee) == 0)
        await harness.stop()
    }

    @Test func reset_BeyondTheLimit_ShowsWeChatsAnswer() async throws {
        let harness = try await Self.started(clearQuotaLimit: 0)
        let browser = try await harness.signedInBrowser()
        _ = try await browser.post(Self.page + "/clear-quota", form: [("csrf", try await browser.csrfToken()), ("confirm", Self.coffee)])
        let page = try await browser.get(Self.page)
        #expect(page.text.contains("<div class=\"card error\" id=\"flash\" role=\"status\">重置失败："))
        #expect(page.text.contains("48006"))
        await harness.stop()
    }
}
