import Foundation
import Testing
import WeChat
@testable import WeChatSimulator
import WXOpenTesting

/// The simulated template library and code management: control routes, reviews decided by the
/// test or after a delay, and their results pushed to the message URL as WeChat pushes them.
@Suite struct CodeRoutesTests {
    /// A mini program authorized, a template committed to it and submitted; its token and auditid.
    private func submitted(_ h: Harness) async throws -> (token: String, auditID: Int) {
        let component = try await h.componentToken()
        let (token, _) = try await h.authorized(Harness.fruitMini, componentToken: component)
        let template = try await h.http.post("/simulator/templates", object: ["user_version": "1.0.0", "user_desc": "d"]).int("template_id")
        let commit = try await h.api("/wxa/commit", token: token, tokenName: "access_token", [
            "template_id": try #require(template), "ext_json": #"{"extAppid":"\#(Harness.fruitMini)"}"#, "user_version": "1.0.0", "user_desc": "d",
        ])
        #expect(commit.errcode == 0)
        let submit = try await h.api("/wxa/submit_audit", token: token, tokenName: "access_token", [:])
        return (token, try #require(submit.int("auditid")))
    }

    @Test func controlRoutes_MakeDraftsAndTemplates_AndShowWhatWasCommitted() async throws {
        try await withHarness { h in
            #expect(try await h.http.get("/simulator/mini-programs/\(Harness.fruitMini)/code").status == 404)
            let draft = try await h.http.post("/simulator/templates/drafts", object: ["user_version": "0.9.0"])
            #expect(draft.int("draft_id") == 1)
            #expect(try await h.http.post("/simulator/templates/drafts", object: [:]).status == 400)
            let (_, auditID) = try await submitted(h)
            let code = try await h.http.get("/simulator/mini-programs/\(Harness.fruitMini)/code")
            #expect(code.int("commits") == 1)
            let audits = try #require(code.json["audits"] as? [[String: Any]])
            #expect(audits.first?["auditid"] as? Int == auditID)
            #expect(audits.first?["status"] as? Int == 2)
        }
    }

    @Test func decidedReview_IsPushedEncrypted_WithWeChatsFields() async throws {
        try await withHarness { h in
            _ = try await submitted(h)
            h.clock.advance(by: 120)
            let decided = try await h.http.post("/simulator/mini-programs/\(Harness.fruitMini)/audit",
                                                object: ["result": "reject", "reason": "<br>类目不符", "screenshots": ["m1", "m2"]])
            #expect(decided.status == 200)
            let push = try #require(h.simulator.pushDeliveries().last)
            // The receiver verified and decrypted it (it answers an event with a reply, which WeChat takes as no "success").
            #expect(push.httpStatus == 200)
            #expect(push.path == "/wechat/messages/\(Harness.fruitMini)")
            let message = try AccountMessage(xml: push.plaintext)
            #expect(message.kind == .event(event: "weapp_audit_fail", eventKey: nil))
            #expect(message.toUserName == h.simulator.account(Harness.fruitMini)?.userName)
            #expect(message.fields["Reason"] == "<br>类目不符")
            #expect(message.fields["ScreenShot"] == "m1|m2")
            #expect(message.fields["FailTime"] == String(Int(h.clock.now().timeIntervalSince1970)))
            #expect(try await h.http.post("/simulator/mini-programs/\(Harness.fruitMini)/audit", object: ["result": "approve"]).status == 409)
            #expect(try await h.http.post("/simulator/mini-programs/\(Harness.fruitMini)/audit", object: ["result": "maybe"]).status == 400)
        }
    }

    @Test func auditDecisionDelay_ApprovesOnItsOwn_PushedBySettle_OrSilentlyWhenAskedFirst() async throws {
        try await withHarness({ $0.auditDecisionDelay = 600 }) { h in
            let (token, auditID) = try await submitted(h)
            #expect(await h.simulator.settleAudits() == 0)
            h.clock.advance(by: 600)
            #expect(await h.simulator.settleAudits() == 1)
            let push = try AccountMessage(xml: try #require(h.simulator.pushDeliveries().last).plaintext)
            #expect(push.kind == .event(event: "weapp_audit_success", eventKey: nil))
            #expect(h.simulator.code(of: Harness.fruitMini)?.latestAudit?.pushed == false)  // the receiver's reply is not "success"

            // The next review, asked about once due: decided then, and not pushed.
            #expect(try await h.api("/wxa/release", token: token, tokenName: "access_token", [:]).errcode == 0)
            _ = try await h.api("/wxa/commit", token: token, tokenName: "access_token", [
                "template_id": 1, "ext_json": #"{"extAppid":"\#(Harness.fruitMini)"}"#, "user_version": "1.1.0", "user_desc": "",
            ])
            let second = try #require(try await h.api("/wxa/submit_audit", token: token, tokenName: "access_token", [:]).int("auditid"))
            #expect(second != auditID)
            h.clock.advance(by: 600)
            let pushes = h.simulator.pushDeliveries().count
            let status = try await h.api("/wxa/get_auditstatus", token: token, tokenName: "access_token", ["auditid": second])
            #expect(status.int("status") == 0)
            #expect(await h.simulator.settleAudits() == 0)
            #expect(h.simulator.pushDeliveries().count == pushes)
        }
    }

    @Test func release_WithoutABody_Is44002_AsWeChatAnswers() async throws {
        try await withHarness { h in
            let (token, _) = try await submitted(h)
            let reply = try await h.http.send("POST", "/wxa/release?" + query([("access_token", token)]), headers: [:], body: nil)
            #expect(reply.errcode == 44002)
        }
    }

    @Test func bulkMiniPrograms_HaveWeChatShapedAppIDs_AndTheirPermissionSets() async throws {
        try await withHarness { h in
            let made = try await h.http.post("/simulator/accounts/bulk", object: ["count": 3, "authorize": true, "kind": "mini_program"])
            let first = try #require(made.string("first_appid"))
            #expect(AppID.isWellFormed(first))
            #expect(h.simulator.account(first)?.kind == .miniProgram)
            #expect(h.simulator.authorization(of: first)?.funcIDs == PermissionSet.miniProgramDefaults)
            #expect(try await h.http.post("/simulator/accounts/bulk", object: ["count": 1, "kind": "robot"]).status == 400)
        }
    }
}
