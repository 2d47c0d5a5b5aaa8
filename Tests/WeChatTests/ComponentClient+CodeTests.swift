import Foundation
import Testing
@testable import WeChat
import WeChatSimulator
import WXOpenTesting

/// The template library and code management calls: their requests as WeChat documents them, and
/// their answers and errors against the simulator.
@Suite struct ComponentClientCodeTests {
    @Test func commit_Posts_ExtJSONAsAString_AndTheTemplateIDAsANumber() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).commit(authorizerToken: APISample.authorizerTokenValue, templateID: 7,
                                               extJSON: #"{"extAppid":"wx1"}"#, userVersion: "1.0.0", userDesc: "d")
        let request = try #require(transport.lastRequest)
        #expect(request.method == "POST")
        #expect(request.url.path == "/wxa/commit")
        #expect(request.queryValue("access_token") == APISample.authorizerTokenValue)
        let body = bodyObject(request)
        #expect(body["template_id"] as? Int == 7)
        #expect(body["ext_json"] as? String == #"{"extAppid":"wx1"}"#)
        #expect(body["user_version"] as? String == "1.0.0")
    }

    @Test func release_SendsAnEmptyObject_SinceWeChatRefusesNoBody() async throws {
        let transport = MockWeChatTransport(json: #"{"errcode":0,"errmsg":"ok"}"#)
        try await makeClient(transport).release(authorizerToken: APISample.authorizerTokenValue)
        #expect(transport.lastRequest?.body.map { String(decoding: $0, as: UTF8.self) } == "{}")
    }

    @Test func experienceQRCode_PassesTheImageThrough_AndReadsAnErrcodeAnswer() async throws {
        let jpeg = WeChatHTTPResponse(status: 200, headers: ["Content-Type": "image/jpeg"], body: Data([0xFF, 0xD8, 0xFF]))
        let code = try await makeClient(MockWeChatTransport(sequence: [jpeg])).experienceQRCode(authorizerToken: "t", path: "page/index?action=1")
        #expect(code == ExperienceQRCode(contentType: "image/jpeg", image: [0xFF, 0xD8, 0xFF]))
        let error = await apiError {
            try await makeClient(MockWeChatTransport(json: #"{"errcode":-1,"errmsg":"system error"}"#)).experienceQRCode(authorizerToken: "t")
        }
        #expect(error?.kind == .busy)
        #expect(error?.endpoint == "wxa_get_qrcode")
    }

    @Test func auditStatus_ReadsEitherSpellingOfScreenshot() async throws {
        let status = try await makeClient(MockWeChatTransport(json: #"{"errcode":0,"status":1,"reason":"<br>bad","screenshot":"a|b"}"#))
            .auditStatus(authorizerToken: "t", auditID: 1)
        #expect(status == AuditStatus(outcome: .rejected, reason: "<br>bad", screenshots: ["a", "b"]))
        let latest = try await makeClient(MockWeChatTransport(json: """
            {"errcode":0,"auditid":"1234567","status":1,"reason":"r","ScreenShot":"x|y|z","user_version":"V1.5","submit_audit_time":1640763673}
            """)).latestAudit(authorizerToken: "t")
        #expect(latest == LatestAudit(auditID: 1234567, status: AuditStatus(outcome: .rejected, reason: "r", screenshots: ["x", "y", "z"]),
                                      userVersion: "V1.5", submitTime: 1640763673))
    }

    @Test func codeLifecycle_AgainstTheSimulator_WithWeChatsErrors() async throws {
        try await withLiveSimulator { live in
            let component = try await live.componentToken()
            let draft = live.simulator.createDraft(userVersion: "1.0.0", userDesc: "first")
            #expect(try await live.client.templateDrafts(componentToken: component).map(\.draftID) == [draft])
            try await live.client.addToTemplates(componentToken: component, draftID: draft)
            let template = try #require(try await live.client.templates(componentToken: component).first)
            #expect(template.draftID == draft)
            #expect(template.userVersion == "1.0.0")

            let appID = LiveSimulator.miniProgram
            let token = try #require(try await live.authorize(appID, componentToken: component).accessToken)
            let client = live.client
            let mismatch = await apiError {
                try await client.commit(authorizerToken: token, templateID: template.templateID, extJSON: #"{"extAppid":"wx0000000000000001"}"#,
                                        userVersion: "1.0.0", userDesc: "")
            }
            #expect(mismatch?.errcode == 85013)
            #expect(await apiError { try await client.commit(authorizerToken: token, templateID: template.templateID, extJSON: "{",
                                                             userVersion: "1.0.0", userDesc: "") }?.errcode == 85048)
            #expect(await apiError { try await client.commit(authorizerToken: token, templateID: 999, extJSON: #"{"extAppid":"\#(appID)"}"#,
                                                             userVersion: "1.0.0", userDesc: "") }?.errcode == 85014)
            #expect(await apiError { try await client.submitAudit(authorizerToken: token) }?.errcode == 85086)
            #expect(await apiError { try await client.codePages(authorizerToken: token) }?.errcode == 86001)
            try await client.commit(authorizerToken: token, templateID: template.templateID, extJSON: #"{"extAppid":"\#(appID)"}"#,
                                    userVersion: "1.0.0", userDesc: "first")
            #expect(try await client.versionInfo(authorizerToken: token).experience?.userVersion == "1.0.0")
            #expect(try await client.experienceQRCode(authorizerToken: token).contentType == "image/png")
            #expect(try await client.codePages(authorizerToken: token) == ["pages/index/index", "pages/order/list"])

            let auditID = try await client.submitAudit(authorizerToken: token, options: ["version_desc": "v"])
            #expect(await apiError { try await client.submitAudit(authorizerToken: token) }?.errcode == 85009)
            #expect(try await client.auditStatus(authorizerToken: token, auditID: auditID).outcome == .auditing)
            #expect(await apiError { try await client.auditStatus(authorizerToken: token, auditID: auditID + 1) }?.errcode == 85012)
            #expect(await apiError { try await client.speedUpAudit(authorizerToken: token, auditID: auditID + 1) }?.errcode == 85012)
            try await client.speedUpAudit(authorizerToken: token, auditID: auditID)
            #expect(live.simulator.code(of: appID)?.latestAudit?.spedUp == true)
            #expect(await apiError { try await client.release(authorizerToken: token) }?.errcode == 85020)
            try await live.simulator.decideAudit(appID: appID, outcome: .approved, push: false)
            let latest = try await client.latestAudit(authorizerToken: token)
            #expect(latest.auditID == auditID)
            #expect(latest.status.outcome == .approved)
            try await client.release(authorizerToken: token)
            #expect(await apiError { try await client.release(authorizerToken: token) }?.errcode == 85052)
            #expect(try await client.versionInfo(authorizerToken: token).released?.userVersion == "1.0.0")
            #expect(await apiError { try await client.revertCodeRelease(authorizerToken: token) }?.errcode == 87012)

            // A second version, withdrawn once, then released; the first is what a revert goes back to.
            try await client.commit(authorizerToken: token, templateID: template.templateID, extJSON: #"{"extAppid":"\#(appID)"}"#,
                                    userVersion: "1.1.0", userDesc: "second")
            let second = try await client.submitAudit(authorizerToken: token)
            try await client.undoCodeAudit(authorizerToken: token)
            #expect(try await client.auditStatus(authorizerToken: token, auditID: second).outcome == .withdrawn)
            _ = try await client.submitAudit(authorizerToken: token)
            try await live.simulator.decideAudit(appID: appID, outcome: .approved, push: false)
            try await client.release(authorizerToken: token)
            try await client.revertCodeRelease(authorizerToken: token)
            #expect(try await client.versionInfo(authorizerToken: token).released?.userVersion == "1.0.0")

            try await client.modifyDomains(authorizerToken: token, action: .set, domains: ["requestdomain": ["https://a.example"]])
            try await client.setWebviewDomains(authorizerToken: token, action: .add, domains: ["https://h5.example"])
            #expect(live.simulator.code(of: appID)?.domains["requestdomain"] == ["https://a.example"])
            #expect(live.simulator.code(of: appID)?.webviewDomains == ["https://h5.example"])
            try await client.deleteTemplate(componentToken: component, templateID: template.templateID)
            #expect(await apiError { try await client.deleteTemplate(componentToken: component, templateID: template.templateID) }?.errcode == 85064)
        }
    }

    @Test func officialAccount_GetsWeChatsPermissionError_ForCodeCalls() async throws {
        try await withLiveSimulator { live in
            let component = try await live.componentToken()
            let token = try #require(try await live.authorize(LiveSimulator.officialAccount, componentToken: component).accessToken)
            let client = live.client
            for error in [await apiError { try await client.commit(authorizerToken: token, templateID: 1, extJSON: "{}", userVersion: "1", userDesc: "") },
                          await apiError { try await client.experienceQRCode(authorizerToken: token) },
                          await apiError { try await client.submitAudit(authorizerToken: token) },
                          await apiError { try await client.release(authorizerToken: token) }] {
                #expect(error?.errcode == 61007)
                #expect(error?.kind == .permissionMissing)
            }
        }
    }
}
