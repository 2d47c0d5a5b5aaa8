import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenTesting

/// The console's release pages: WeChat's rejection reason escaped everywhere, the QR code served
/// from our origin, the form's preview, and the actions behind CSRF.
@Suite struct ReleaseConsoleTests {
    static let markup = #"<script>alert("pwned")</script><img src=x onerror=alert(1)>账号信息不符合规范<br>"#

    /// A console over a platform with `count` mini programs taken in by a sync, one rollout
    /// started and driven to review.
    private func started(_ count: Int) async throws -> (ConsoleHarness, String, [String]) {
        let h = try await ConsoleHarness.start()
        try await h.platform.pushTicket()
        let made = h.simulator.bulkCreateAccounts(count: count, authorize: true, kind: .miniProgram)
        _ = await h.platform.app.sync.start()
        _ = await h.platform.app.sync.wait()
        let appIDs = made.appIDs
        let template = h.simulator.createTemplate(userVersion: "3.0.0")
        let request = try RolloutRequest.parse(Data(ReleaseRolloutTests.body(template: template).utf8))
        let started = try await h.platform.app.releases.start(request, by: "tests")
        while await h.platform.app.releaseRunner.runOnce() > 0 {}
        return (h, started.rollout.id, appIDs)
    }

    @Test func rejectionReason_IsEscaped_OnTheRolloutPage() async throws {
        let (h, id, appIDs) = try await started(2)
        try await h.simulator.decideAudit(appID: appIDs[0], outcome: .rejected, reason: Self.markup, screenshots: ["<b>media</b>"])
        while await h.platform.app.releaseRunner.runOnce() > 0 {}
        let page = try await h.signedInBrowser(language: "en").get("/admin/releases/" + id)
        #expect(page.status == 200)
        #expect(!page.text.contains("<script>alert"))
        #expect(!page.text.contains("<img src=x"))
        #expect(!page.text.contains("<b>media</b>"))
        #expect(page.text.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;账号信息不符合规范&lt;br&gt;"))
        #expect(page.count(of: "&lt;script&gt;alert(&quot;pwned&quot;)") == 2)  // the rejections card and the table
        #expect(page.text.contains("id=\"count-audit_failed\""))
        #expect(page.text.contains("<progress id=\"release-progress\" max=\"2\" value=\"1\"></progress>"))
        // The event log (no forwarding here) names the account, never the reason.
        let events = try await h.store.recentEvents(EventQuery(kindPrefix: "release.account_audit_failed"))
        #expect(events.map(\.appID) == [appIDs[0]])
        #expect(!events.contains { $0.detail.contains("script") })
        await h.stop()
    }

    @Test func experienceQRCode_IsServedFromOurOrigin_WithWeChatsImageType() async throws {
        let (h, id, appIDs) = try await started(1)
        let browser = try await h.signedInBrowser(language: "en")
        let page = try await browser.get("/admin/releases/\(id)?qr=\(appIDs[0])")
        #expect(page.text.contains("src=\"/admin/releases/qrcode/\(appIDs[0])\""))
        #expect(!page.text.contains("weixin.qq.com"))
        let image = try await browser.send(.get, "/admin/releases/qrcode/\(appIDs[0])", body: Data(), headers: [:])
        #expect(image.status == 200)
        #expect(image.headers["Content-Type"] == "image/png")
        #expect(image.headers["Cache-Control"] == "no-store")
        #expect(image.text.dropFirst().hasPrefix("PNG"))
        // An official account has no experience version: WeChat's refusal, as a page.
        let official = try await browser.get("/admin/releases/qrcode/wx0000000000000009")
        #expect(official.status == 404)
        // Signed out: the login page, not WeChat's image.
        let anonymous = try await ConsoleBrowser(router: h.router).get("/admin/releases/qrcode/\(appIDs[0])")
        #expect(anonymous.status == 303)
        await h.stop()
    }

    @Test func form_PreviewsTheFirstAccountsExtJSON_ThenStarts() async throws {
        let (h, _, appIDs) = try await started(2)
        let browser = try await h.signedInBrowser(language: "en")
        let csrf = try await browser.csrfToken()
        let template = h.simulator.createTemplate(userVersion: "3.1.0")
        var form = [("csrf", csrf), ("template_id", String(template)), ("user_version", "3.1.0"), ("user_desc", "<i>desc</i>"),
                    ("ext_json", #"{"ext": {"appid": "{{authorizer_appid}}", "note": "<b>"}}"#), ("authorizers", "all")]
        let preview = try await browser.post("/admin/releases", form: form + [("intent", "preview")])
        #expect(preview.status == 200)
        #expect(preview.text.contains("id=\"release-preview\""))
        #expect(preview.text.contains("&quot;appid&quot;:&quot;\(appIDs[0])&quot;"))
        #expect(preview.text.contains("&quot;extAppid&quot;:&quot;\(appIDs[0])&quot;"))
        #expect(preview.text.contains("&quot;note&quot;:&quot;&lt;b&gt;&quot;"))
        #expect(try await h.platform.app.releases.store.rollouts().count == 1)

        form.append(("auto_release", "1"))
        let started = try await browser.post("/admin/releases", form: form + [("intent", "start")])
        #expect(started.status == 303)
        let location = try #require(started.location)
        #expect(location.hasPrefix("/admin/releases/rel_"))
        #expect(try await h.platform.app.releases.store.rollouts().count == 2)

        let invalid = try await browser.post("/admin/releases", form: [("csrf", csrf), ("template_id", String(template)),
                                                                      ("user_version", "3.1.0"), ("ext_json", "{not json"),
                                                                      ("authorizers", "all"), ("intent", "start")])
        #expect(invalid.status == 200)
        #expect(invalid.text.contains("id=\"release-problem\""))
        #expect(invalid.text.contains("ext_json is not valid JSON"))
        #expect(try await h.platform.app.releases.store.rollouts().count == 2)
        await h.stop()
    }

    @Test func pauseAndResume_AreCSRFGuardedPosts() async throws {
        let (h, id, _) = try await started(1)
        let browser = try await h.signedInBrowser(language: "en")
        let forged = try await browser.post("/admin/releases/\(id)/pause", form: [("csrf", "forged")])
        #expect(forged.status == 403)
        #expect(try await h.platform.app.releases.rollout(id).state == .running)

        let csrf = try await browser.csrfToken()
        let paused = try await browser.post("/admin/releases/\(id)/pause", form: [("csrf", csrf)])
        #expect(paused.status == 303)
        let rollout = try await h.platform.app.releases.rollout(id)
        #expect(rollout.state == .paused)
        #expect(rollout.pauseReason == "paused by console user \(ConsoleHarness.username)")
        let page = try await browser.get("/admin/releases/" + id)
        #expect(page.text.contains("id=\"resume\""))
        _ = try await browser.post("/admin/releases/\(id)/resume", form: [("csrf", csrf)])
        #expect(try await h.platform.app.releases.rollout(id).state == .running)
        let list = try await browser.get("/admin/releases")
        #expect(list.text.contains("href=\"/admin/releases/\(id)\""))
        await h.stop()
    }
}
