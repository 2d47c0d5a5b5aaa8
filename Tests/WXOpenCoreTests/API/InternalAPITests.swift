import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 5: the internal API, at router level; the tests that start `.live` go over real sockets.
@Suite struct InternalAPITests {
    typealias Harness = PlatformHarness

    static func withAccounts(mode: HarnessMode = .inProcess) async throws -> Harness {
        let harness = try await Harness.start(mode: mode)
        try await harness.pushTicket()
        for appID in [Harness.officialAccount, Harness.markupAccount, "wx9b3d5f7a2c4e6b18"] {
            _ = try await harness.simulator.authorize(appID: appID, sendPush: true)
        }
        return harness
    }

    func errorCode(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }

    @Test(arguments: [nil, "Bearer nope", "Bearer ", "Basic abc", "Bearer wxk_" + String(repeating: "a", count: 500)])
    func missingOrWrongKey_Is401_WithTheErrorShape(header: String?) async throws {
        let harness = try await Harness.start()
        var headers: [String: String] = [:]
        if let header { headers["Authorization"] = header }
        let response = try await harness.get(harness.platformURL + "/api/v1/authorizers", headers: headers)
        #expect(response.status == 401)
        let json = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(errorCode(json) == "unauthorized")
        #expect(response.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(harness.logs.contains("event=api_unauthorized"))
        if let header { #expect(!harness.logs.contains(String(header.dropFirst(7))) || header.count < 10) }
        await harness.stop()
    }

    @Test func bearerScheme_IsCaseInsensitive_AndExtraSpacesAreTolerated() async throws {
        let harness = try await Harness.start()
        for header in ["bearer \(harness.apiKey)", "BEARER  \(harness.apiKey) "] {
            let response = try await harness.get(harness.platformURL + "/api/v1/authorizers", headers: ["Authorization": header])
            #expect(response.status == 200, "\(header.prefix(8))")
        }
        await harness.stop()
    }

    @Test func validKey_NeverAppearsInTheLogs() async throws {
        let harness = try await Harness.start()
        #expect(try await harness.api("GET", "/api/v1/authorizers").status == 200)
        await harness.stop()
        #expect(!harness.logs.contains(harness.apiKey))
    }

    @Test func list_ShowsAccountsWithoutSecrets_AndPagesByCursor() async throws {
        let harness = try await Self.withAccounts()
        let first = try await harness.api("GET", "/api/v1/authorizers?limit=2")
        #expect(first.status == 200)
        let page = try #require(first.json["authorizers"] as? [[String: Any]])
        #expect(page.count == 2)
        let cursor = try #require(first.json["next_cursor"] as? String)
        let second = try await harness.api("GET", "/api/v1/authorizers?limit=2&cursor=" + PercentEncoding.encode(cursor))
        let rest = try #require(second.json["authorizers"] as? [[String: Any]])
        #expect(rest.count == 1)
        #expect(second.json["next_cursor"] is NSNull)
        let ids = (page + rest).compactMap { $0["authorizer_appid"] as? String }
        #expect(ids == ids.sorted() && Set(ids).count == 3)
        let text = try await harness.get(harness.platformURL + "/api/v1/authorizers", headers: ["Authorization": "Bearer " + harness.apiKey]).text
        let record = try #require(try await harness.store.authorizer(appID: Harness.officialAccount))
        #expect(!text.contains(record.accessToken!))
        #expect(!text.contains(record.refreshToken!))
        await harness.stop()
    }

    @Test func list_FiltersByTypeStatusAndSearch() async throws {
        let harness = try await Self.withAccounts()
        let programs = try await harness.api("GET", "/api/v1/authorizers?type=mini_program")
        #expect((programs.json["authorizers"] as? [[String: Any]])?.map { $0["authorizer_appid"] as? String } == ["wx9b3d5f7a2c4e6b18"])
        let revoked = try await harness.api("GET", "/api/v1/authorizers?status=revoked")
        #expect((revoked.json["authorizers"] as? [Any])?.count == 0)
        let search = try await harness.api("GET", "/api/v1/authorizers?q=%E6%B5%8B%E8%AF%95%E5%8F%B7")  // 测试号
        #expect((search.json["authorizers"] as? [[String: Any]])?.first?["authorizer_appid"] as? String == Harness.markupAccount)
        #expect(try await harness.api("GET", "/api/v1/authorizers?limit=501").status == 400)
        #expect(try await harness.api("GET", "/api/v1/authorizers?status=sleeping").status == 400)
        let forged = try await harness.api("GET", "/api/v1/authorizers?cursor=%21%21not%20base64")
        #expect(forged.status == 400)
        #expect(errorCode(forged.json) == "bad_request")
        await harness.stop()
    }

    @Test func unknownEndpointAndWrongMethod_AnswerInJSON() async throws {
        let harness = try await Harness.start()
        let missing = try await harness.api("GET", "/api/v1/nothing-here")
        #expect(missing.status == 404)
        #expect(errorCode(missing.json) == "not_found")
        let wrongMethod = try await harness.browser.send(WeChatHTTPRequest(
            method: "DELETE", url: URL(string: harness.platformURL + "/api/v1/authorizers")!, headers: [:], body: nil, timeout: 10))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET, HEAD")
        #expect(wrongMethod.headers["content-type"]?.hasPrefix("application/json") == true)
        await harness.stop()
    }

    @Test func unknownAccount_Is404_WithTheErrorShape() async throws {
        let harness = try await Harness.start()
        let response = try await harness.api("GET", "/api/v1/authorizers/wx0000000000000000/access-token")
        #expect(response.status == 404)
        #expect(errorCode(response.json) == "not_found")
        await harness.stop()
    }

    @Test func accessToken_HasAtLeastTheMarginLeft() async throws {
        let harness = try await Self.withAccounts()
        let record = try #require(try await harness.store.authorizer(appID: Harness.officialAccount))
        harness.clock.set(record.accessTokenExpiresAt! - 600)
        let response = try await harness.api("GET", "/api/v1/authorizers/\(Harness.officialAccount)/access-token")
        #expect(response.status == 200)
        #expect(response.json["authorizer_appid"] as? String == Harness.officialAccount)
        #expect(response.json["access_token"] as? String != record.accessToken)
        #expect(response.json["expires_in"] as? Int == 7200)
        #expect((response.json["expires_at"] as? String)?.hasSuffix("Z") == true)
        await harness.stop()
    }

    @Test func revokedAccount_Is409_WithTheReason() async throws {
        let harness = try await Self.withAccounts()
        _ = try await harness.simulator.revoke(appID: Harness.officialAccount)
        let response = try await harness.api("GET", "/api/v1/authorizers/\(Harness.officialAccount)/access-token")
        #expect(response.status == 409)
        #expect(errorCode(response.json) == "authorizer_revoked")
        await harness.stop()
    }

    @Test func componentToken_IsServed_AndCompareAndRefreshWorks() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let first = try await harness.api("GET", "/api/v1/component/access-token")
        #expect(first.status == 200)
        let token = try #require(first.json["access_token"] as? String)
        let stale = try await harness.api("POST", "/api/v1/component/access-token/refresh", body: #"{"invalid_token":"older"}"#)
        #expect(stale.json["access_token"] as? String == token)
        #expect(harness.simulator.counters()["api_component_token"] == 1)
        await harness.stop()
    }

    @Test func options_CanBeReadAndSet() async throws {
        let harness = try await Self.withAccounts()
        let set = try await harness.api("PUT", "/api/v1/authorizers/\(Harness.officialAccount)/options/voice_recognize", body: #"{"option_value":"1"}"#)
        #expect(set.status == 200)
        let read = try await harness.api("GET", "/api/v1/authorizers/\(Harness.officialAccount)/options/voice_recognize")
        #expect(read.json["option_value"] as? String == "1")
        #expect(try await harness.api("PUT", "/api/v1/authorizers/\(Harness.officialAccount)/options/voice_recognize", body: #"{"option_value":"7"}"#).status == 400)
        #expect(try await harness.api("GET", "/api/v1/authorizers/\(Harness.officialAccount)/options/teleport").status == 404)
        await harness.stop()
    }

    @Test func sync_AddsRecoversAndFlags() async throws {
        let harness = try await Self.withAccounts()
        _ = harness.simulator.bulkCreateAccounts(count: 20, authorize: true)
        // One account we lost the refresh token of, one that WeChat no longer lists.
        try await harness.store.updateAuthorizer(appID: Harness.markupAccount) { var record = $0!; record.refreshToken = nil; return record }
        try await harness.store.updateAuthorizer(appID: "wxgone000000000000") { _ in
            AuthorizerRecord(appID: "wxgone000000000000", componentAppID: harness.app.platform.componentAppID, updatedAt: harness.clock.now())
        }
        #expect(try await harness.api("POST", "/api/v1/authorizers/sync").status == 202)
        let status = await harness.app.sync.wait()
        #expect(status.state == .done)
        #expect(status.total == 23)
        #expect(status.done == 23)
        #expect(status.added == 20)
        #expect(status.recovered == 1)
        #expect(status.flagged == 1)
        #expect(try await harness.store.authorizer(appID: Harness.markupAccount)?.refreshToken != nil)
        #expect(try await harness.store.authorizer(appID: "wxgone000000000000")?.status == .needsReauthorization)
        await harness.stop()
    }
}
