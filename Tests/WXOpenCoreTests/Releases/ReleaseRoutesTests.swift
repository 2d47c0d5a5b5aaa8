import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore
import WXOpenTesting

/// The template library and the release endpoints' refusals, on the internal API.
@Suite struct ReleaseRoutesTests {
    typealias Harness = ReleaseHarness

    @Test func templateLibrary_DraftsAddListAndDelete_ThroughTheAPI() async throws {
        let h = try await Harness.start()
        let draft = h.simulator.createDraft(userVersion: "4.0.0", userDesc: "autumn")
        let drafts = try await h.api("GET", "/api/v1/mini-program/templates/drafts")
        #expect(drafts.status == 200)
        let listed = try #require((drafts.json["drafts"] as? [[String: Any]])?.first)
        #expect(listed["draft_id"] as? Int == draft)
        #expect(listed["user_version"] as? String == "4.0.0")

        let added = try await h.api("POST", "/api/v1/mini-program/templates", body: #"{"draft_id": \#(draft)}"#)
        #expect(added.status == 201)
        let templates = try await h.api("GET", "/api/v1/mini-program/templates")
        let template = try #require((templates.json["templates"] as? [[String: Any]])?.first)
        #expect(template["draft_id"] as? Int == draft)
        #expect(template["user_desc"] as? String == "autumn")
        #expect(template["template_type"] as? Int == 0)
        let templateID = try #require(template["template_id"] as? Int)
        #expect(try await h.api("GET", "/api/v1/mini-program/templates?template_type=1").json["templates"] as? [Any] != nil)
        #expect((try await h.api("GET", "/api/v1/mini-program/templates?template_type=1").json["templates"] as? [Any])?.isEmpty == true)

        #expect(try await h.api("DELETE", "/api/v1/mini-program/templates/\(templateID)").status == 200)
        let gone = try await h.api("DELETE", "/api/v1/mini-program/templates/\(templateID)")
        // WeChat's 85064 is the caller's mistake: a 404 with the errcode, not a 502 (found by the fuzzer).
        #expect(gone.status == 404)
        #expect((gone.json["error"] as? [String: Any])?["code"] as? String == "template_not_found")
        #expect((gone.json["error"] as? [String: Any])?["wechat_errcode"] as? Int == 85064)
        let unknownDraft = try await h.api("POST", "/api/v1/mini-program/templates", body: #"{"draft_id": 999}"#)
        #expect(unknownDraft.status == 404)
        #expect((unknownDraft.json["error"] as? [String: Any])?["code"] as? String == "draft_not_found")
        #expect((unknownDraft.json["error"] as? [String: Any])?["wechat_errcode"] as? Int == 85064)
        // A limit present but empty, or past 500, is refused rather than ignored.
        #expect(try await h.api("GET", "/api/v1/mini-program/releases?limit=").status == 400)
        #expect(try await h.api("GET", "/api/v1/mini-program/releases?limit=501").status == 400)
        #expect(try await h.api("GET", "/api/v1/mini-program/releases?limit=500").status == 200)
        #expect(try await h.api("GET", "/api/v1/mini-program/templates?template_type=").status == 400)
        let extra = try await h.api("POST", "/api/v1/mini-program/templates", body: #"{"draft_id": 3, "draft": 4}"#)
        #expect(extra.status == 400)
        #expect(try await h.api("POST", "/api/v1/mini-program/templates", body: #"{"draft_id": 3.5}"#).status == 400)
        await h.stop()
    }

    @Test func startRollout_RefusesBadRequests_WithTheOneErrorShape() async throws {
        let h = try await Harness.start()
        _ = try await h.miniPrograms(1)
        let template = h.simulator.createTemplate(userVersion: "1.0.0")
        let cases: [(String, Int, String)] = [
            ("[]", 400, "bad_request"),
            (#"{"template_id": 1}"#, 400, "bad_request"),
            (ReleaseRolloutTests.body(template: 999), 422, "template_not_found"),
            (ReleaseRolloutTests.body(template: template, authorizers: #"["not-an-appid"]"#), 400, "bad_request"),
            (ReleaseRolloutTests.body(template: template, extra: #", "surprise": 1"#), 400, "bad_request"),
            (#"{"template_id": \#(template), "user_version": "1", "ext_json": [1], "authorizers": "all"}"#, 400, "invalid_ext_json"),
            (#"{"template_id": \#(template), "user_version": "1", "ext_json": {"extAppid": "wx1111111111111111"}, "authorizers": "all"}"#,
             422, "accounts_refused"),
            (ReleaseRolloutTests.body(template: template, extra: #", "domains": {"ftpdomain": []}"#), 400, "bad_request"),
        ]
        for (body, status, code) in cases {
            let (got, json) = try await h.api("POST", "/api/v1/mini-program/releases", body: body)
            #expect(got == status, "\(body)")
            #expect((json["error"] as? [String: Any])?["code"] as? String == code, "\(body)")
        }
        let unknown = try await h.api("POST", "/api/v1/mini-program/releases", body: ReleaseRolloutTests.body(template: template, extra: #", "<b>x</b>": 1"#))
        let message = try #require((unknown.json["error"] as? [String: Any])?["message"] as? String)
        #expect(!message.contains("<b>"))
        #expect(try await h.releases.store.rollouts().isEmpty)
        #expect(try await h.api("GET", "/api/v1/mini-program/releases/rel_000000000000aaaaaaaa").status == 404)
        #expect(try await h.api("GET", "/api/v1/mini-program/releases/<script>").status == 404)
        #expect(try await h.api("GET", "/api/v1/mini-program/releases").json["releases"] as? [Any] != nil)
        await h.stop()
    }

    @Test func domains_AreSetBeforeTheCommit() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(1)
        let extra = #", "domains": {"requestdomain": ["https://api.shop.example"], "downloaddomain": ["https://cdn.shop.example"]}, "#
            + #""webview_domains": ["https://h5.shop.example"], "audit": {"version_desc": "spring", "privacy_api_not_use": true}"#
        _ = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0"), extra: extra))
        await h.drive()
        let code = try #require(h.simulator.code(of: appIDs[0]))
        #expect(code.domains["requestdomain"] == ["https://api.shop.example"])
        #expect(code.domains["downloaddomain"] == ["https://cdn.shop.example"])
        #expect(code.domains["uploaddomain"] == [])
        #expect(code.webviewDomains == ["https://h5.shop.example"])
        let audit = try #require(code.latestAudit)
        let options = try #require(try JSONSerialization.jsonObject(with: Data(audit.options.utf8)) as? [String: Any])
        #expect(options["version_desc"] as? String == "spring")
        #expect(options["privacy_api_not_use"] as? Bool == true)
        await h.stop()
    }
}
