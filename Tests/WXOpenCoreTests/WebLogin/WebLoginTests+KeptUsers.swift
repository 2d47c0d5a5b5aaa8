import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 14, the rest of seed 004: with `keepUserTokens`, the user's WeChat tokens are kept
/// and the app can read the profile again, check the authorization, and forget the user.
extension WebLoginTests {
    static let lina = SimulatedUser.demoSet[1]

    static func keeping(_ keep: Bool = true) async throws -> Harness {
        let harness = try await Harness.start(configure: {
            $0.webLogin.returnURLPrefixes = ["https://app.example.com/"]
            $0.webLogin.keepUserTokens = keep
        })
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, funcIDs: [1, 4], sendPush: true)
        return harness
    }

    /// lina logs in with snsapi_userinfo, agreeing on WeChat's page.
    func userInfoLogin(_ harness: Harness) async throws {
        let started = try await start(harness, scope: "snsapi_userinfo")
        let form = ["appid": Self.account, "redirect_uri": try #require(started.value("redirect_uri")), "scope": "snsapi_userinfo",
                    "state": try #require(started.value("state")), "user": Self.lina.id]
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        let agreed = try await harness.post(harness.wechatURL + "/simulator/oauth2/confirm", body: form)
        let callback = try await harness.get(try #require(agreed.headers["location"]), headers: ["Cookie": started.cookie])
        #expect(callback.status == 302)
    }

    func userPath(_ openID: String = lina.openID(for: account), query: String = "") -> String {
        "/api/v1/web-login/users/\(openID)?authorizer_appid=\(Self.account)" + query
    }

    func kept(_ harness: Harness, _ openID: String = lina.openID(for: account)) async throws -> WebLoginUsers.Kept? {
        try await harness.store.entry(WebLoginUsers.namespace, key: Self.account + "|" + openID, now: harness.clock.now())
            .flatMap { EntryJSON.decode(WebLoginUsers.Kept.self, from: $0) }
    }

    @Test func keptUser_Profile_IsReadAgainFromWeChat_WithoutTheirTokens() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        let tokens = try #require(try await kept(harness))
        let answer = try await harness.api("GET", userPath())
        #expect(answer.status == 200)
        #expect(answer.json["openid"] as? String == Self.lina.openID(for: Self.account))
        #expect(answer.json["unionid"] as? String == Self.lina.unionID)
        #expect((answer.json["user"] as? [String: Any])?["nickname"] as? String == "李娜")
        #expect(harness.simulator.counters()["sns_userinfo"] == 2, "once at the login, once now")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: answer.json), as: UTF8.self)
        #expect(!text.contains(tokens.accessToken) && !text.contains(tokens.refreshToken))
        #expect(!harness.logs.contains(tokens.accessToken) && !harness.logs.contains(tokens.refreshToken))
        await harness.stop()
    }

    @Test func keptUser_AfterTheAccessTokenExpired_IsRefreshedOnce_ForManyCallers() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        let before = try #require(try await kept(harness))
        harness.clock.advance(by: 7201)
        let path = userPath()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await harness.api("GET", path).status } }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses == Array(repeating: 200, count: 20))
        #expect(harness.simulator.counters()["sns_oauth2_component_refresh_token"] == 1)
        let after = try #require(try await kept(harness))
        #expect(after.accessToken != before.accessToken)
        #expect(after.accessExpiresAt == harness.clock.now() + 7200)
        #expect(after.refreshExpiresAt == before.refreshExpiresAt, "refreshing does not extend the refresh token's 30 days")
        await harness.stop()
    }

    @Test func keptUser_WhenWeChatRejectsTheToken_RefreshesAndRetriesOnce() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        harness.simulator.injectFault(.errcode(40001), endpoint: "sns_userinfo")
        #expect(try await harness.api("GET", userPath()).status == 200)
        #expect(harness.simulator.counters()["sns_oauth2_component_refresh_token"] == 1)
        #expect(harness.simulator.counters()["sns_userinfo"] == 3)
        await harness.stop()
    }

    @Test func keptUser_Check_AsksSNSAuth_WithoutTheProfile() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        let answer = try await harness.api("GET", userPath(query: "&check=1"))
        #expect(answer.status == 200)
        #expect(answer.json["valid"] as? Bool == true)
        #expect(answer.json["user"] == nil)
        #expect(harness.simulator.counters()["sns_auth"] == 1)
        #expect(harness.simulator.counters()["sns_userinfo"] == 1, "only the login's")
        harness.clock.advance(by: 7201)
        #expect(try await harness.api("GET", userPath(query: "&check=1")).json["valid"] as? Bool == true, "refreshed first")
        #expect(harness.simulator.counters()["sns_oauth2_component_refresh_token"] == 1)
        await harness.stop()
    }

    @Test func keptUser_Forget_DropsTheTokens() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        let forgotten = try await harness.api("DELETE", userPath())
        #expect(forgotten.status == 200)
        #expect(forgotten.json["forgotten"] as? Bool == true)
        #expect(try await kept(harness) == nil)
        let after = try await harness.api("GET", userPath())
        #expect(after.status == 404)
        #expect(errorCode(after.json) == "user_not_found")
        #expect(try await harness.api("DELETE", userPath()).status == 404)
        await harness.stop()
    }

    @Test func keptUser_AfterTheRefreshTokenExpired_Is410_WithoutAskingWeChat() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        harness.clock.advance(by: 30 * 86_400 + 1)
        for _ in 0..<2 {
            let answer = try await harness.api("GET", userPath())
            #expect(answer.status == 410)
            #expect(errorCode(answer.json) == "login_required")
        }
        #expect(harness.simulator.counters()["sns_oauth2_component_refresh_token"] == nil)
        await harness.stop()
    }

    @Test func keptUser_WhenWeChatSays42002_Is410_AndStaysSo() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        harness.clock.advance(by: 7201)
        harness.simulator.injectFault(.errcode(42002, errmsg: "refresh_token expired"), endpoint: "sns_oauth2_component_refresh_token")
        let refused = try await harness.api("GET", userPath())
        #expect(refused.status == 410)
        #expect((refused.json["error"] as? [String: Any])?["wechat_errcode"] as? Int == 42002)
        #expect(try await harness.api("GET", userPath(query: "&check=1")).status == 410)
        #expect(harness.simulator.counters()["sns_oauth2_component_refresh_token"] == 1)
        #expect(try await kept(harness)?.refreshExpired == true)
        await harness.stop()
    }

    @Test func keptUser_AfterALoginAgain_WorksAgain() async throws {
        let harness = try await Self.keeping()
        try await userInfoLogin(harness)
        harness.clock.advance(by: 30 * 86_400 + 1)
        #expect(try await harness.api("GET", userPath()).status == 410)
        try await harness.pushTicket()
        try await userInfoLogin(harness)
        #expect(try await harness.api("GET", userPath()).status == 200)
        await harness.stop()
    }

    @Test func keptUser_OfABaseLogin_HasNoProfile_ButChecks() async throws {
        let harness = try await Self.keeping()
        let (callback, _, _) = try await login(harness)
        #expect(callback.status == 302)
        let openID = SimulatedUser.demoSet[0].openID(for: Self.account)
        let profile = try await harness.api("GET", userPath(openID))
        #expect(profile.status == 409)
        #expect(errorCode(profile.json) == "no_userinfo_scope")
        #expect(try await harness.api("GET", userPath(openID, query: "&check=1")).json["valid"] as? Bool == true)
        await harness.stop()
    }

    @Test func keptUser_NeverLoggedIn_Is404_AndTheAccountIsRequired() async throws {
        let harness = try await Self.keeping()
        #expect(errorCode(try await harness.api("GET", userPath("oNobody0000000000000000000000")).json) == "user_not_found")
        #expect(try await harness.api("GET", "/api/v1/web-login/users/oNobody").status == 400)
        await harness.stop()
    }

    @Test func usersTokens_AreNotKept_Unless_Configured() async throws {
        let harness = try await Self.keeping(false)
        try await userInfoLogin(harness)
        #expect(try await kept(harness) == nil)
        let answer = try await harness.api("GET", userPath())
        #expect(answer.status == 404)
        #expect(errorCode(answer.json) == "user_tokens_not_kept")
        await harness.stop()
    }
}
