import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenTesting

/// Rollouts end to end against the simulator: commits with each account's ext_json, reviews
/// decided by the test and pushed, releases, and the lifecycle deliveries.
@Suite struct ReleaseRolloutTests {
    typealias Harness = ReleaseHarness

    static func body(template: Int, authorizers: String = #""all""#, autoRelease: Bool = true, extra: String = "") -> String {
        #"{"template_id": \#(template), "user_version": "2.1.0", "user_desc": "spring menu", "auto_release": \#(autoRelease), "#
            + #""ext_json": {"extAppid": "{{authorizer_appid}}", "ext": {"appid": "{{authorizer_appid}}", "shop": "{{nick_name}}"}, "#
            + #""window": {"navigationBarTitleText": "{{nick_name}}"}, "networkTimeout": {"request": 10000}}, "#
            + #""authorizers": \#(authorizers)\#(extra)}"#
    }

    @Test func rollout_ToManyMiniPrograms_WithApprovalsARejectionAndADelay_ReleasesAndAnnouncesEachOnce() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(12)
        let template = h.simulator.createTemplate(userVersion: "2.1.0", userDesc: "spring menu")
        let id = try await h.startRollout(Self.body(template: template))

        await h.drive()
        for appID in appIDs {
            let code = try #require(h.simulator.code(of: appID))
            #expect(code.commits == 1)
            #expect(code.latestAudit?.outcome == .auditing)
            let text = try #require(code.experience?.extJSON)
            let ext = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(ext["extAppid"] as? String == appID)
            #expect((ext["ext"] as? [String: Any])?["appid"] as? String == appID)
            #expect((ext["networkTimeout"] as? [String: Any])?["request"] as? Int == 10000)
        }
        #expect(try await h.rollout(id).counts["auditing"] == 12)

        let reason = #"1:账号信息不符合规范:<br>(1):包含<script>alert("x")</script>因素"#
        try await h.simulator.decideAudit(appID: appIDs[0], outcome: .rejected, reason: reason, screenshots: ["media1", "media2"])
        try await h.simulator.decideAudit(appID: appIDs[1], outcome: .delayed, reason: "需要补充材料")
        for appID in appIDs[2...] { try await h.simulator.decideAudit(appID: appID, outcome: .approved) }
        await h.drive()

        var rollout = try await h.rollout(id)
        #expect(rollout.counts["released"] == 10)
        #expect(rollout.counts["audit_failed"] == 1)
        #expect(rollout.counts["audit_delayed"] == 1)
        #expect(rollout.json["state"] as? String == "running")
        #expect(rollout.accounts[appIDs[0]]?["reason"] as? String == reason)
        #expect(rollout.accounts[appIDs[0]]?["screenshots"] as? [String] == ["media1", "media2"])
        #expect(rollout.accounts[appIDs[1]]?["reason"] as? String == "需要补充材料")
        let auditID = try #require(h.simulator.code(of: appIDs[2])?.latestAudit?.id)
        #expect(rollout.accounts[appIDs[2]]?["auditid"] as? Int == Int(auditID))

        try await h.simulator.decideAudit(appID: appIDs[1], outcome: .approved)
        await h.drive()
        rollout = try await h.rollout(id)
        #expect(rollout.counts["released"] == 11)
        #expect(rollout.json["state"] as? String == "finished")
        for appID in appIDs[1...] { #expect(h.simulator.code(of: appID)?.released?.userVersion == "2.1.0") }
        #expect(h.simulator.code(of: appIDs[0])?.released == nil)
        #expect(appIDs.allSatisfy { h.simulator.code(of: $0)?.commits == 1 })

        await h.deliver()
        #expect(h.deliveries("release.account_released").count == 11)
        let failed = try #require(h.deliveries("release.account_audit_failed").first)
        #expect(h.deliveries("release.account_audit_failed").count == 1)
        #expect(failed.json["authorizer_appid"] as? String == appIDs[0])
        #expect((failed.json["account"] as? [String: Any])?["reason"] as? String == reason)
        #expect((failed.json["release"] as? [String: Any])?["id"] as? String == id)
        let finished = try #require(h.deliveries("release.finished").first)
        #expect(h.deliveries("release.finished").count == 1)
        #expect(((finished.json["release"] as? [String: Any])?["counts"] as? [String: Int])?["released"] == 11)
        // The audit pushes themselves were forwarded like every other message.
        #expect(h.deliveries("message").filter { ($0.message["Event"] as? String)?.hasPrefix("weapp_audit_") == true }.count == 13)
        await h.stop()
    }

    @Test func officialAccount_NamedInAList_IsRefusedUpFront_WithTheReason() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(2)
        _ = try await h.simulator.authorize(appID: Harness.officialAccount, sendPush: true)
        let template = h.simulator.createTemplate(userVersion: "2.1.0")
        let list = #"["\#(appIDs[0])", "\#(Harness.officialAccount)", "wx0000000000000001"]"#
        let (status, json) = try await h.api("POST", "/api/v1/mini-program/releases", body: Self.body(template: template, authorizers: list))
        #expect(status == 422)
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["code"] as? String == "accounts_refused")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("\(Harness.officialAccount) is an official account, not a mini program"))
        #expect(message.contains("wx0000000000000001 has not authorized this platform"))
        #expect(try await h.releases.store.rollouts().isEmpty)
        #expect(h.simulator.code(of: appIDs[0]) == nil)
        await h.stop()
    }

    @Test func officialAccounts_AreLeftOutOfAll_AndCounted() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(3)
        _ = try await h.simulator.authorize(appID: Harness.officialAccount, sendPush: true)
        let template = h.simulator.createTemplate(userVersion: "2.1.0")
        let (status, json) = try await h.api("POST", "/api/v1/mini-program/releases", body: Self.body(template: template))
        #expect(status == 202)
        #expect(json["accounts"] as? Int == 3)
        #expect(json["skipped_official_accounts"] as? Int == 1)
        let id = try #require(json["id"] as? String)
        await h.drive()
        let rollout = try await h.rollout(id)
        #expect(Set(rollout.accounts.keys) == Set(appIDs))
        #expect(rollout.json["skipped_official_accounts"] as? Int == 1)
        #expect(h.simulator.counters()["wxa_commit"] == 3)
        await h.stop()
    }

    @Test func lostAuditPush_IsCaughtByPolling() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(2)
        let id = try await h.startRollout(Self.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        for appID in appIDs { try await h.simulator.decideAudit(appID: appID, outcome: .approved, push: false) }
        await h.drive()
        #expect(try await h.rollout(id).counts["auditing"] == 2)
        #expect(h.simulator.counters()["wxa_get_auditstatus"] == nil)

        h.clock.advance(by: TimeInterval(Configuration.Releases().pollIntervalSeconds))
        await h.drive()
        let rollout = try await h.rollout(id)
        #expect(rollout.counts["released"] == 2)
        #expect(h.simulator.counters()["wxa_get_auditstatus"] == 2)
        #expect(h.simulator.counters()["wxa_release"] == 2)
        await h.stop()
    }

    @Test func pause_StopsNewCommits_AndResume_GoesOn() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(3)
        let id = try await h.startRollout(Self.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        let (paused, pausedJSON) = try await h.api("POST", "/api/v1/mini-program/releases/\(id)/pause")
        #expect(paused == 200)
        #expect(pausedJSON["state"] as? String == "paused")
        #expect(pausedJSON["pause_reason"] as? String == "paused by api key tests")
        await h.drive()
        #expect(h.simulator.counters()["wxa_commit"] == nil)
        #expect(try await h.rollout(id).counts["pending"] == 3)
        #expect(try await h.api("POST", "/api/v1/mini-program/releases/\(id)/pause").status == 409)

        #expect(try await h.api("POST", "/api/v1/mini-program/releases/\(id)/resume").json["state"] as? String == "running")
        await h.drive()
        #expect(try await h.rollout(id).counts["auditing"] == 3)
        #expect(appIDs.allSatisfy { h.simulator.code(of: $0)?.commits == 1 })

        // While paused, results still come in; releases wait for the resume.
        _ = try await h.api("POST", "/api/v1/mini-program/releases/\(id)/pause")
        for appID in appIDs { try await h.simulator.decideAudit(appID: appID, outcome: .approved) }
        await h.drive()
        #expect(try await h.rollout(id).counts["approved"] == 3)
        #expect(h.simulator.counters()["wxa_release"] == nil)
        _ = try await h.api("POST", "/api/v1/mini-program/releases/\(id)/resume")
        await h.drive()
        #expect(try await h.rollout(id).counts["released"] == 3)
        await h.stop()
    }

    @Test func withoutAutoRelease_ApprovedOnesWait_UntilReleaseIsAsked() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(3)
        let id = try await h.startRollout(Self.body(template: h.simulator.createTemplate(userVersion: "2.1.0"), autoRelease: false))
        await h.drive()
        try await h.simulator.decideAudit(appID: appIDs[0], outcome: .approved)
        try await h.simulator.decideAudit(appID: appIDs[1], outcome: .approved)
        await h.drive()
        #expect(try await h.rollout(id).counts["approved"] == 2)
        #expect(h.simulator.counters()["wxa_release"] == nil)

        let (status, json) = try await h.api("POST", "/api/v1/mini-program/releases/\(id)/release")
        #expect(status == 200)
        #expect(json["releasing"] as? Int == 2)
        await h.drive()
        // Approved later: waits for the next "release".
        try await h.simulator.decideAudit(appID: appIDs[2], outcome: .approved)
        await h.drive()
        let rollout = try await h.rollout(id)
        #expect(rollout.counts["released"] == 2)
        #expect(rollout.counts["approved"] == 1)
        #expect(rollout.json["state"] as? String == "running")
        await h.stop()
    }

    @Test func retry_OfARejectedAccount_CommitsAndSubmitsAgain_AndReopensTheRollout() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(1)
        let id = try await h.startRollout(Self.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        try await h.simulator.decideAudit(appID: appIDs[0], outcome: .rejected, reason: "类目不符")
        await h.drive()
        #expect(try await h.rollout(id).json["state"] as? String == "finished")
        #expect(try await h.api("POST", "/api/v1/mini-program/releases/\(id)/accounts/\(appIDs[0])/retry").status == 200)
        #expect(try await h.rollout(id).json["state"] as? String == "running")
        await h.drive()
        #expect(h.simulator.code(of: appIDs[0])?.commits == 2)
        #expect(h.simulator.code(of: appIDs[0])?.audits.count == 2)
        try await h.simulator.decideAudit(appID: appIDs[0], outcome: .approved)
        await h.drive()
        #expect(try await h.rollout(id).counts["released"] == 1)
        let again = try await h.api("POST", "/api/v1/mini-program/releases/\(id)/accounts/\(appIDs[0])/retry")
        #expect(again.status == 409)
        #expect((again.json["error"] as? [String: Any])?["code"] as? String == "not_failed")
        await h.stop()
    }

    /// An audit push names no auditid: one dated before the submission is an earlier review's
    /// and changes nothing; WeChat's repeat of a push is applied once.
    @Test func auditPush_OlderThanTheSubmission_IsIgnored_AndARepeatIsAppliedOnce() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(1)
        let id = try await h.startRollout(Self.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        let userName = try #require(h.simulator.account(appIDs[0])?.userName)
        func push(_ event: String, createTime: Date, extra: String = "") async throws -> String {
            let xml = "<xml><ToUserName><![CDATA[\(userName)]]></ToUserName><FromUserName><![CDATA[\(WeChatSimulator.auditPushSender)]]>"
                + "</FromUserName><CreateTime>\(Int(createTime.timeIntervalSince1970))</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[\(event)]]></Event>\(extra)</xml>"
            let signed = SignedPush.message(xml, toUserName: userName, at: h.clock.now())
            let response = try await h.network.send(WeChatHTTPRequest(
                method: "POST", url: URL(string: "\(PlatformHarness.publicBaseURL)/wechat/messages/\(appIDs[0])?\(signed.query)")!,
                headers: ["Content-Type": "text/xml"], body: Data(signed.body.utf8), timeout: 30))
            return String(decoding: response.body, as: UTF8.self)
        }
        #expect(try await push("weapp_audit_fail", createTime: h.clock.now() - 3600, extra: "<Reason><![CDATA[old]]></Reason>") == "success")
        await h.drive()
        #expect(try await h.rollout(id).counts["auditing"] == 1)

        h.clock.advance(by: 60)
        try await h.simulator.decideAudit(appID: appIDs[0], outcome: .approved, push: false)
        let approved = h.clock.now()
        #expect(try await push("weapp_audit_success", createTime: approved) == "success")
        #expect(try await push("weapp_audit_success", createTime: approved) == "success")
        await h.drive()
        #expect(try await h.rollout(id).counts["released"] == 1)
        #expect(h.simulator.counters()["wxa_release"] == 1)
        await h.deliver()
        #expect(h.deliveries("release.account_released").count == 1)
        #expect(h.deliveries("release.account_audit_failed").isEmpty)
        await h.stop()
    }
}
