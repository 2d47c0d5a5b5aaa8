import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// What operators see of the outbox: `/metrics`, `/readyz`, the console's deliveries page.
@Suite struct ForwardingOperationsTests {
    typealias Harness = ForwardingHarness

    /// A service that is down: the message is accepted, fails its first attempt and waits.
    func backlogWithAFailure(_ h: Harness) async throws {
        try await h.authorize()
        h.service.script([], otherwise: .status(503))
        #expect(try await h.send(h.text("hello")).text == "success")
        #expect(try await h.send(h.text("again", msgID: "6200000000000000009")).text == "success")
    }

    @Test func metrics_CountDeliveriesByOutcome_AndTheBacklog() async throws {
        let h = try await Harness.start()
        try await backlogWithAFailure(h)
        try await h.send(h.text("hello"))
        let response = try await h.platform.get(h.platform.platformURL + "/metrics", headers: ["Authorization": "Bearer " + h.platform.apiKey])
        #expect(response.status == 200)
        #expect(response.text.contains("wxopen_deliveries_total{outcome=\"delivered\"} 1\n"), "the authorized lifecycle delivery")
        #expect(response.text.contains("wxopen_deliveries_total{outcome=\"failed\"} 1\n"))
        #expect(response.text.contains("wxopen_deliveries_total{outcome=\"duplicate\"} 1\n"))
        #expect(response.text.contains("wxopen_outbox_deliveries{state=\"pending\"} 1\n"))
        #expect(response.text.contains("wxopen_outbox_deliveries{state=\"retrying\"} 1\n"))
        #expect(response.text.contains("wxopen_outbox_oldest_age_seconds 0\n"))
        await h.stop()
    }

    /// WeChat must still be answered while the service is down: ready, with the backlog.
    @Test func readiness_StaysReady_AndReportsTheBacklog() async throws {
        let h = try await Harness.start()
        try await backlogWithAFailure(h)
        h.clock.advance(by: 90)
        let response = try await h.platform.get(h.platform.platformURL + "/readyz")
        #expect(response.status == 200)
        let body = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(body["ready"] as? Bool == true)
        let deliveries = try #require(body["deliveries"] as? [String: Any])
        #expect(deliveries["pending"] as? Int == 1)
        #expect(deliveries["retrying"] as? Int == 1)
        #expect(deliveries["oldest_age_seconds"] as? Int == 90)
        await h.stop()
    }

    @Test func consolePage_ShowsTheBacklogAndLastError_AndRetryNowNeedsTheCSRFToken() async throws {
        let service = try FakeService()
        service.script([], otherwise: .status(503))
        let harness = try await ConsoleHarness.start(configure: {
            $0.forwarding = .init(url: service.url + "?key=not-for-the-page", secret: Harness.secret)
        })
        try await harness.authorize([Harness.account.appID])
        // The account's `authorizer.authorized` delivery fails: it waits, and the message behind it.
        #expect(await harness.platform.app.deliveries?.runOnce() == 1)
        let push = SignedPush.message(AccountMessage.text(toUserName: Harness.account.userName, fromUserName: Harness.sender,
                                                          createTime: Int64(harness.clock.now().timeIntervalSince1970), content: "hi",
                                                          msgID: "1").renderXML(), toUserName: Harness.account.userName, at: harness.clock.now())
        #expect(try await push.send(to: harness.platform, path: "/wechat/messages/\(Harness.account.appID)").text == "success")
        await harness.platform.app.platform.forwarding?.settle()
        let browser = try await harness.signedInBrowser(language: "en")
        let page = try await browser.get("/admin/deliveries")
        #expect(page.status == 200)
        #expect(page.text.contains("HTTP 503"))
        #expect(page.text.contains(">\(Harness.account.appID)</a>"))
        #expect(page.text.contains("<td>2</td>"), "two queued for the account")
        #expect(!page.text.contains("not-for-the-page"))
        #expect(!page.text.contains(">hi<"))
        let head = try #require(try await harness.store.outboxBacklog(limit: 1).first?.head)
        #expect(head.nextAttemptAt > harness.clock.now())

        let forged = try await browser.post("/admin/deliveries/\(head.id)/retry", form: [("csrf", "wrong")])
        #expect(forged.status == 403)
        #expect(try await harness.store.outboxBacklog(limit: 1).first?.head.nextAttemptAt == head.nextAttemptAt)
        let retried = try await browser.post("/admin/deliveries/\(head.id)/retry", form: [("csrf", try await browser.csrfToken())])
        #expect(retried.status == 303)
        #expect(retried.location == "/admin/deliveries")
        #expect(try await harness.store.outboxBacklog(limit: 1).first?.head.nextAttemptAt == harness.clock.now())
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "console.delivery")).first?.detail.hasPrefix("by operator") == true)
        await harness.stop()
        await service.stop()
    }

    @Test func consolePage_WithoutForwarding_SaysHowToTurnItOn() async throws {
        let harness = try await ConsoleHarness.start()
        let page = try await harness.signedInBrowser(language: "en").get("/admin/deliveries")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"forwarding-off\""))
        await harness.stop()
    }
}
