import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 4, end to end: the platform against the WeChat simulator, in-process; the tests that
/// start `.live` go over real sockets.
@Suite struct AuthorizationFlowTests {
    typealias Harness = PlatformHarness

    @Test func browserFlow_StoresTheAccount_WithTokensPermissionsAndInfo() async throws {
        let harness = try await Harness.start(mode: .live)
        try await harness.pushTicket()
        let page = try await harness.authorizeThroughBrowser(Harness.officialAccount, query: "auth_type=1&ref=customer-42")
        #expect(page.status == 200)
        let record = try #require(try await harness.store.authorizer(appID: Harness.officialAccount))
        #expect(record.status == .authorized)
        #expect(record.accessToken != nil)
        #expect(record.refreshToken == harness.simulator.authorization(of: Harness.officialAccount)?.refreshToken)
        #expect(record.funcInfo == [1, 2, 3, 4, 15])
        #expect(record.ref == "customer-42")
        #expect(record.info?.accountType == .officialAccount)
        let name = try #require(record.info?.nickName)
        #expect(page.text.contains(HTML.escape(name)))
        #expect(page.text.contains("消息管理"))
        #expect(page.text.contains("customer-42"))
        // The code came twice (callback and push): it was exchanged once.
        #expect(harness.simulator.counters()["api_query_auth"] == 1)
        await harness.stop()
    }

    @Test func startPage_KeepsTheReferer_AndNeverSaysNoReferrer() async throws {
        let harness = try await Harness.start()
        let start = try await harness.get(harness.platformURL + "/authorize?auth_type=2&biz_appid=wx9b3d5f7a2c4e6b18")
        #expect(start.status == 200)
        #expect(start.headers["referrer-policy"] == "strict-origin-when-cross-origin")
        #expect(start.text.contains("/authorize/go?auth_type=2&amp;biz_appid=wx9b3d5f7a2c4e6b18"))
        await harness.stop()
    }

    @Test func go_WithoutATicket_ShowsAPage_AndAsksWeChatToPush() async throws {
        let harness = try await Harness.start()
        let go = try await harness.get(harness.platformURL + "/authorize/go")
        #expect(go.status == 503)
        #expect(go.text.contains("10 分钟"))
        #expect(harness.simulator.counters()["api_start_push_ticket"] == 1)
        #expect(harness.logs.contains("event=waiting_for_ticket"))
        await harness.stop()
    }

    @Test func mobile_UsesTheBindComponentLink() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let go = try await harness.get(harness.platformURL + "/authorize/go?mobile=1")
        let location = try #require(go.headers["location"])
        #expect(location.contains("/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&"))
        #expect(location.hasSuffix("#wechat_redirect"))
        await harness.stop()
    }

    @Test func pushAlone_StoresTheAccount() async throws {
        let harness = try await Harness.start(mode: .live)
        try await harness.pushTicket()
        let grant = try await harness.simulator.authorize(appID: Harness.officialAccount, funcIDs: [1, 4], sendPush: true)
        #expect(grant.deliveries.last?.httpStatus == 200)
        let record = try #require(try await harness.store.authorizer(appID: Harness.officialAccount))
        #expect(record.status == .authorized)
        #expect(record.funcInfo == [1, 4])
        #expect(record.refreshToken == harness.simulator.authorization(of: Harness.officialAccount)?.refreshToken)
        #expect(record.info?.nickName != nil)
        await harness.stop()
    }

    @Test func updateAuthorized_ChangesThePermissions() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: Harness.officialAccount, funcIDs: [1, 4], sendPush: true)
        _ = try await harness.simulator.updatePermissions(appID: Harness.officialAccount, funcIDs: [1, 2, 7])
        let record = try #require(try await harness.store.authorizer(appID: Harness.officialAccount))
        #expect(record.funcInfo == [1, 2, 7])
        await harness.stop()
    }

    @Test func unauthorized_RevokesAndDropsTokens_KeepingTheAccount() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: Harness.officialAccount, sendPush: true)
        _ = try await harness.simulator.revoke(appID: Harness.officialAccount)
        let record = try #require(try await harness.store.authorizer(appID: Harness.officialAccount))
        #expect(record.status == .revoked)
        #expect(record.accessToken == nil)
        #expect(record.refreshToken == nil)
        #expect(record.revokedAt == harness.clock.now())
        #expect(record.info?.nickName != nil)
        let history = try await harness.store.recentEvents(EventQuery(appID: Harness.officialAccount))
        #expect(history.map(\.kind).contains("authorizer.revoked"))
        #expect(history.map(\.kind).contains("authorizer.authorized"))
        await harness.stop()
    }

    @Test func callback_WithAForgedState_IsRefused_AndStoresNothing() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let page = try await harness.get(harness.platformURL + "/authorize/callback?auth_code=x&expires_in=600&state=forged.state")
        #expect(page.status == 400)
        #expect(page.text.contains("授权链接无效"))
        #expect(try await harness.store.listAuthorizers(AuthorizerQuery()).totalMatching == 0)
        #expect(harness.simulator.counters()["api_query_auth"] == nil)
        await harness.stop()
    }

    @Test func callback_WithAnExpiredState_SaysItExpired() async throws {
        let harness = try await Harness.start()
        let signer = harness.app.platform.stateSigner
        let browserID = BrowserBinding.newID()
        let state = AuthorizationState(ref: nil, authType: 3, bizAppID: nil, categoryIDs: [],
                                       expires: Int(harness.clock.now().timeIntervalSince1970) - 1, nonce: "n",
                                       browser: Base64URL.encode(BrowserBinding.digest(browserID)))
        let page = try await harness.get(harness.platformURL + "/authorize/callback?auth_code=x&state=" + signer.sign(state),
                                         headers: ["Cookie": "wxopen_authorize=" + browserID])
        #expect(page.status == 400)
        #expect(page.text.contains("授权链接已过期"))
        await harness.stop()
    }

    @Test func callback_WithAUsedCode_SaysSo() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let grant = try await harness.simulator.authorize(appID: Harness.officialAccount, sendPush: false)
        let browserID = BrowserBinding.newID()
        let state = harness.app.platform.stateSigner.sign(AuthorizationState(
            ref: nil, authType: 3, bizAppID: nil, categoryIDs: [], expires: Int(harness.clock.now().timeIntervalSince1970) + 600, nonce: "n",
            browser: Base64URL.encode(BrowserBinding.digest(browserID))))
        let client = harness.app.platform.client
        let token = try await harness.app.platform.componentTokens.token()
        _ = try await client.queryAuth(componentToken: token.token, authorizationCode: grant.authorizationCode)  // used elsewhere
        let page = try await harness.get(harness.platformURL + "/authorize/callback?auth_code=\(grant.authorizationCode)&state=\(state)",
                                         headers: ["Cookie": "wxopen_authorize=" + browserID])
        #expect(page.status == 400)
        #expect(page.text.contains("授权码已过期或已被使用"))
        #expect(try await harness.store.authorizer(appID: Harness.officialAccount) == nil)
        await harness.stop()
    }

    // MARK: The state: one browser, one use (issue 11.10)

    @Test func go_BindsTheStateToTheBrowser_WithALaxCookieForTheCallback() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let go = try await harness.get(harness.platformURL + "/authorize/go")
        let cookie = try #require(go.headers["set-cookie"])
        let id = String(cookie.dropFirst("wxopen_authorize=".count).prefix { $0 != ";" })
        #expect(BrowserBinding.isID(id))
        #expect(cookie == "wxopen_authorize=\(id); Path=/authorize/; HttpOnly; SameSite=Lax; Max-Age=3600")
        // A browser that already has one keeps it: two open start pages both work.
        let again = try await harness.get(harness.platformURL + "/authorize/go", headers: ["Cookie": "wxopen_authorize=" + id])
        #expect(again.headers["set-cookie"]?.hasPrefix("wxopen_authorize=\(id);") == true)
        await harness.stop()
    }

    /// Someone who sends a merchant the callback link of their own authorization (or who
    /// captured one) must not complete it in another browser.
    @Test(arguments: [nil, "wxopen_authorize=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "wxopen_authorize=short"])
    func callback_FromAnotherBrowser_IsRefused_AndAttachesNothing(cookie: String?) async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        // WeChat's push stores the account either way; only the callback carries the `ref`.
        let approved = try await harness.approveThroughBrowser(Harness.officialAccount, query: "ref=customer-42")
        let page = try await harness.get(approved.callback, headers: cookie.map { ["Cookie": $0] } ?? [:])
        #expect(page.status == 400)
        #expect(page.text.contains("授权链接已失效"))
        #expect(page.text.contains("href=\"/authorize\""))
        #expect(harness.logs.contains("event=authorization_callback_rejected"))
        #expect(harness.logs.contains("reason=other_browser"))
        #expect(try await harness.store.authorizer(appID: Harness.officialAccount)?.ref == nil)
        // The link is not used up by the stranger: its own browser still completes it.
        #expect(try await harness.get(approved.callback, headers: ["Cookie": approved.cookie]).status == 200)
        #expect(try await harness.store.authorizer(appID: Harness.officialAccount)?.ref == "customer-42")
        await harness.stop()
    }

    @Test func state_WorksOnce_NotForASecondCallback_NorForANewCode() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let approved = try await harness.approveThroughBrowser(Harness.officialAccount, query: "ref=customer-42")
        #expect(try await harness.get(approved.callback, headers: ["Cookie": approved.cookie]).status == 200)
        let reopened = try await harness.get(approved.callback, headers: ["Cookie": approved.cookie])
        #expect(reopened.status == 400)
        #expect(reopened.text.contains("授权链接已失效"))
        #expect(harness.logs.contains("reason=used"))
        // The same state with a fresh auth_code for another account: refused, nothing attached to the ref.
        let other = try await harness.simulator.authorize(appID: Harness.markupAccount, sendPush: false)
        var components = try #require(URLComponents(string: approved.callback))
        components.queryItems = components.queryItems?.map {
            $0.name == "auth_code" ? URLQueryItem(name: "auth_code", value: other.authorizationCode) : $0
        }
        let reused = try await harness.get(try #require(components.url?.absoluteString), headers: ["Cookie": approved.cookie])
        #expect(reused.status == 400)
        #expect(reused.text.contains("授权链接已失效"))
        #expect(try await harness.store.authorizer(appID: Harness.markupAccount) == nil)
        #expect(harness.simulator.counters()["api_query_auth"] == 1)
        await harness.stop()
    }

    @Test func markupNickname_IsEscapedOnTheSuccessPage() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        let page = try await harness.authorizeThroughBrowser(Harness.markupAccount)
        #expect(page.status == 200)
        #expect(page.text.contains("&lt;b&gt;&amp;&quot;&#39;测试号"))
        #expect(!page.text.contains("<b>&\"'测试号"))
        await harness.stop()
    }

    @Test func restart_KeepsTicketTokenAndAccounts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wxopen-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let first = try await Harness.start(clock: clock, store: try await FileStore(path: directory, logger: .discard, clock: clock))
        try await first.pushTicket()
        _ = try await first.simulator.authorize(appID: Harness.officialAccount, sendPush: true)
        let before = try #require(try await first.store.authorizer(appID: Harness.officialAccount))
        let componentToken = try await first.app.platform.componentTokens.token()
        await first.stop()

        let second = try await Harness.start(clock: clock, store: try await FileStore(path: directory, logger: .discard, clock: clock))
        #expect(try await second.store.authorizer(appID: Harness.officialAccount) == before)
        #expect(try await second.store.ticket(componentAppID: componentToken.componentAppID) != nil)
        // A valid stored component token is reused: no quota spent on a new one.
        #expect(try await second.app.platform.componentTokens.token() == componentToken)
        #expect(second.simulator.counters()["api_component_token"] == nil)
        await second.stop()
    }
}
