import Foundation
import Testing
import WeChat
@testable import WeChatSimulator

/// The merchant's authorization page: the Referer trap, the filters, escaping, and approve.
@Suite struct AuthorizationPageRoutesTests {
    typealias H = Harness

    /// The PC page URL as the platform would build it.
    func pageTarget(_ h: Harness, preAuthCode: String, redirectURI: String? = nil, extra: [(String, String)] = [],
                    path: String = "/cgi-bin/componentloginpage") -> String {
        let redirect = redirectURI ?? h.receiver.baseURL.absoluteString + "/wechat/authorized?state=s123"
        return path + "?" + query([("component_appid", H.componentAppID), ("pre_auth_code", preAuthCode),
                                   ("redirect_uri", redirect)] + extra)
    }

    func openPage(_ h: Harness, extra: [(String, String)] = [], referer: String? = nil) async throws -> (TestHTTP.Reply, String) {
        let code = try await h.preAuthCode(componentToken: try await h.componentToken())
        let headers = ["Referer": referer ?? h.platformPage]
        let reply = try await h.http.get(pageTarget(h, preAuthCode: code, extra: extra), headers: headers)
        return (reply, code)
    }

    /// The appids offered as radio buttons, in order.
    func offered(_ html: String) -> [String] {
        html.components(separatedBy: #"name="authorizer_appid" value=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func page_ShowsTheEmptyDomainError_WithoutReferer() async throws {
        try await withHarness { h in
            let code = try await h.preAuthCode(componentToken: try await h.componentToken())
            let reply = try await h.http.get(pageTarget(h, preAuthCode: code))
            #expect(reply.status == 200)
            #expect(reply.text.contains("授权入口页所在域名：空"))
            #expect(!reply.text.contains("<form"))
        }
    }

    @Test func page_ShowsTheRefererDomain_WhenItIsNotRegistered() async throws {
        try await withHarness { h in
            let (reply, _) = try await openPage(h, referer: "https://evil.example.com/start")
            #expect(reply.text.contains("授权入口页所在域名：evil.example.com"))
            #expect(!reply.text.contains("<form"))
        }
    }

    @Test func page_OffersVisibleAccounts_WithTheRegisteredReferer() async throws {
        try await withHarness { h in
            let (reply, _) = try await openPage(h)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "text/html; charset=utf-8")
            #expect(offered(reply.text) == [H.coffee, H.bookstore, "wx6a2c9e4b1d7f3a25", H.markupAccount, H.scriptPrincipal,
                                            H.fruitMini, H.parkingMini])
            #expect(reply.text.contains(#"<form method="post" action="/simulator/authorize/approve">"#))
        }
    }

    @Test func page_H5Hosts_DoTheSameChecks() async throws {
        try await withHarness { h in
            let code = try await h.preAuthCode(componentToken: try await h.componentToken())
            for path in ["/wxaopen/safe/bindcomponent", "/safe/bindcomponent"] {
                let target = path + "?" + query([("action", "bindcomponent"), ("no_scan", "1")]) + "&"
                    + pageTarget(h, preAuthCode: code).split(separator: "?", maxSplits: 1)[1]
                let missing = try await h.http.get(target)
                let good = try await h.http.get(target, headers: ["Referer": h.platformPage])
                #expect(missing.text.contains("授权入口页所在域名：空"))
                #expect(offered(good.text).count == 7)
            }
        }
    }

    @Test func page_FiltersByAuthType() async throws {
        try await withHarness { h in
            let (officialOnly, _) = try await openPage(h, extra: [("auth_type", "1")])
            let (miniOnly, _) = try await openPage(h, extra: [("auth_type", "2")])
            let (promoters, _) = try await openPage(h, extra: [("auth_type", "4")])
            #expect(offered(officialOnly.text) == [H.coffee, H.bookstore, "wx6a2c9e4b1d7f3a25", H.markupAccount, H.scriptPrincipal])
            #expect(offered(miniOnly.text) == [H.fruitMini, H.parkingMini])
            #expect(offered(promoters.text) == [])
            #expect(promoters.text.contains("没有可授权的帐号"))
        }
    }

    @Test func page_BizAppID_OffersOnlyThatAccount_AndWinsOverAuthType() async throws {
        try await withHarness { h in
            let (reply, _) = try await openPage(h, extra: [("auth_type", "1"), ("biz_appid", H.fruitMini)])
            #expect(offered(reply.text) == [H.fruitMini])
        }
    }

    @Test func page_IgnoresBulkAccounts_UnlessNamedByBizAppID() async throws {
        try await withHarness { h in
            h.simulator.bulkCreateAccounts(count: 10_000, authorize: false)
            let (all, _) = try await openPage(h)
            let (named, _) = try await openPage(h, extra: [("biz_appid", "wxsim00004321")])
            #expect(offered(all.text).count == 7)
            #expect(offered(named.text) == ["wxsim00004321"])
        }
    }

    @Test func page_BeforeFullRelease_OffersTestListAccountsOnly() async throws {
        try await withHarness({ $0.fullReleaseDone = false }) { h in
            let (reply, _) = try await openPage(h)
            #expect(offered(reply.text) == [H.coffee, H.fruitMini])
        }
    }

    @Test func page_EscapesMarkupInNamesAndPrincipals() async throws {
        try await withHarness { h in
            let (reply, _) = try await openPage(h)
            #expect(reply.text.contains("<strong>&lt;b&gt;&amp;&quot;&#39;测试号</strong>"))
            #expect(reply.text.contains("示例&lt;script&gt;alert(1)&lt;/script&gt;科技有限公司"))
            #expect(!reply.text.contains("<b>&"))
            #expect(!reply.text.contains("<script>"))
        }
    }

    @Test func page_PreTicksCategoryIDList_AndShowsUnknownIDsByNumber() async throws {
        try await withHarness { h in
            let (reply, _) = try await openPage(h, extra: [("category_id_list", "1|4|99")])
            let ticked = reply.text.components(separatedBy: #"name="func_id" value=""#).dropFirst()
                .filter { $0.prefix(while: { $0 != ">" }).contains("checked") }
                .map { Int($0.prefix { $0 != "\"" })! }
            #expect(ticked == [1, 4, 99])
            #expect(reply.text.contains("权限集 99"))
            #expect(reply.text.contains("网页服务权限"))
        }
    }

    @Test func page_RejectsAUsedPreAuthCode() async throws {
        try await withHarness { h in
            let (_, code) = try await openPage(h)
            _ = try await h.http.postForm(WeChatSimulator.approvePath, [("pre_auth_code", code), ("authorizer_appid", H.coffee),
                                                                      ("func_id", "1")])
            let again = try await h.http.get(pageTarget(h, preAuthCode: code), headers: ["Referer": h.platformPage])
            #expect(again.text.contains("预授权码（pre_auth_code）已被使用"))
            #expect(!again.text.contains("<form"))
        }
    }

    @Test func page_RejectsAnExpiredOrUnknownPreAuthCode() async throws {
        try await withHarness { h in
            let code = try await h.preAuthCode(componentToken: try await h.componentToken())
            h.clock.advance(by: 600)
            let expired = try await h.http.get(pageTarget(h, preAuthCode: code), headers: ["Referer": h.platformPage])
            let unknown = try await h.http.get(pageTarget(h, preAuthCode: "preauthcode@@@nope"), headers: ["Referer": h.platformPage])
            #expect(expired.text.contains("预授权码（pre_auth_code）已过期"))
            #expect(unknown.text.contains("预授权码（pre_auth_code）无效"))
        }
    }

    @Test func page_RejectsARedirectURIOffTheRegisteredDomain() async throws {
        try await withHarness { h in
            let code = try await h.preAuthCode(componentToken: try await h.componentToken())
            let reply = try await h.http.get(pageTarget(h, preAuthCode: code, redirectURI: "https://evil.example.com/cb"),
                                             headers: ["Referer": h.platformPage])
            #expect(reply.text.contains("回调地址 redirect_uri 必须在第三方平台登记的授权发起页域名下"))
        }
    }

    @Test func approve_PushesAuthorized_AndRedirectsKeepingTheState() async throws {
        try await withHarness { h in
            let (_, code) = try await openPage(h)
            let reply = try await h.http.postForm(WeChatSimulator.approvePath, [
                ("pre_auth_code", code), ("authorizer_appid", H.coffee), ("func_id", "1"), ("func_id", "4"),
            ])
            #expect(reply.status == 302)
            let location = try #require(reply.location)
            #expect(location.hasPrefix(h.receiver.baseURL.absoluteString + "/wechat/authorized?state=s123&auth_code=queryauthcode@@@"))
            let items = queryItems(of: location)
            #expect(items.items.map(\.name) == ["state", "auth_code", "expires_in"])
            #expect(items["expires_in"] == "600")

            let received = try #require(h.receiver.received.first)
            #expect(h.receiver.rejections.isEmpty)
            #expect(received.queryNames == ["signature", "timestamp", "nonce", "encrypt_type", "msg_signature"])
            #expect(received.envelopeAppID == H.componentAppID)
            guard case .authorized(let push) = received.push else { Issue.record("expected authorized, got \(received.push)"); return }
            #expect(push.appID == H.componentAppID)
            #expect(push.authorizerAppID == H.coffee)
            #expect(push.authorizationCode == items["auth_code"])
            #expect(push.preAuthCode == code)
            #expect(push.createTime == Int64(h.clock.now().timeIntervalSince1970))
            #expect(push.authorizationCodeExpiredTime == push.createTime + 600)
            #expect(h.simulator.authorization(of: H.coffee)?.funcIDs == [1, 4])
        }
    }

    @Test func approve_SignatureCoversTokenTimestampAndNonce() async throws {
        try await withHarness { h in
            _ = try await h.simulator.authorize(appID: H.coffee)
            let received = try #require(h.receiver.received.first)
            let timestamp = received.query["timestamp"] ?? "", nonce = received.query["nonce"] ?? ""
            let expected = Crypto.hex(Crypto.sha1(Array([SimulatorConfiguration.Demo.token, timestamp, nonce].sorted().joined().utf8)))
            #expect(received.query["signature"] == expected)
            #expect(received.query["encrypt_type"] == "aes")
        }
    }

    @Test func approve_AgainWithChangedPermissions_PushesUpdateAuthorized_AndANewRefreshToken() async throws {
        try await withHarness { h in
            let first = try await h.simulator.authorize(appID: H.coffee, funcIDs: [1])
            let refresh = h.simulator.authorization(of: H.coffee)?.refreshToken
            let same = try await h.simulator.authorize(appID: H.coffee, funcIDs: [1])
            let changed = try await h.simulator.authorize(appID: H.coffee, funcIDs: [1, 2])
            #expect(first.infoType == "authorized")
            #expect(same.infoType == "authorized")
            #expect(changed.infoType == "updateauthorized")
            #expect(h.receiver.received.map(\.push.infoType) == ["authorized", "authorized", "updateauthorized"])
            #expect(h.simulator.authorization(of: H.coffee)?.refreshToken != refresh)
        }
    }

    @Test func approve_RefusesAnAccountThePageDidNotOffer() async throws {
        try await withHarness { h in
            let (_, code) = try await openPage(h, extra: [("auth_type", "2")])
            let reply = try await h.http.postForm(WeChatSimulator.approvePath, [
                ("pre_auth_code", code), ("authorizer_appid", H.coffee), ("func_id", "1"),
            ])
            #expect(reply.status == 200)
            #expect(reply.text.contains("所选帐号不能授权给该第三方平台"))
            #expect(h.simulator.authorization(of: H.coffee) == nil)
        }
    }

    @Test func approve_AsksForAPermissionSet_AndKeepsThePreAuthCode() async throws {
        try await withHarness { h in
            let (_, code) = try await openPage(h)
            let none = try await h.http.postForm(WeChatSimulator.approvePath, [("pre_auth_code", code), ("authorizer_appid", H.coffee)])
            let then = try await h.http.postForm(WeChatSimulator.approvePath, [
                ("pre_auth_code", code), ("authorizer_appid", H.coffee), ("func_id", "2"),
            ])
            #expect(none.text.contains("请至少选择一个权限集"))
            #expect(then.status == 302)
        }
    }

    @Test func revoke_PushesUnauthorized() async throws {
        try await withHarness { h in
            _ = try await h.simulator.authorize(appID: H.fruitMini)
            let deliveries = try await h.simulator.revoke(appID: H.fruitMini)
            #expect(deliveries.map(\.succeeded) == [true])
            guard case .unauthorized(let push) = h.receiver.received.last?.push else { Issue.record("expected unauthorized"); return }
            #expect(push.authorizerAppID == H.fruitMini)
            #expect(h.simulator.authorization(of: H.fruitMini)?.isActive == false)
        }
    }

    @Test func updatePermissions_PushesUpdateAuthorized_AndKeepsTheRefreshToken() async throws {
        try await withHarness { h in
            _ = try await h.simulator.authorize(appID: H.coffee, funcIDs: [1])
            let refresh = h.simulator.authorization(of: H.coffee)?.refreshToken
            let grant = try await h.simulator.updatePermissions(appID: H.coffee, funcIDs: [1, 7])
            guard case .updateAuthorized(let push) = h.receiver.received.last?.push else { Issue.record("expected updateauthorized"); return }
            #expect(push.authorizationCode == grant.authorizationCode)
            #expect(h.simulator.authorization(of: H.coffee)?.funcIDs == [1, 7])
            #expect(h.simulator.authorization(of: H.coffee)?.refreshToken == refresh)
        }
    }

    @Test func appendingQuery_KeepsTheFragmentAfterTheQuery() {
        #expect(WeChatSimulator.appendingQuery("a=1", to: "https://x.test/cb") == "https://x.test/cb?a=1")
        #expect(WeChatSimulator.appendingQuery("a=1", to: "https://x.test/cb?s=2") == "https://x.test/cb?s=2&a=1")
        #expect(WeChatSimulator.appendingQuery("a=1", to: "https://x.test/cb?") == "https://x.test/cb?a=1")
        #expect(WeChatSimulator.appendingQuery("a=1", to: "https://x.test/#/page") == "https://x.test/?a=1#/page")
    }
}
