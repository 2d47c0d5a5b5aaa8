import Foundation
import Testing
@testable import WeChatSimulator

/// Web authorization on behalf of an authorized official account: the page and the API.
@Suite struct WebAuthorizationTests {
    typealias H = Harness

    func authorizeURL(_ h: Harness, scope: String = "snsapi_base", state: String = "st42",
                      order: [String] = ["appid", "redirect_uri", "response_type", "scope", "state", "component_appid"]) -> String {
        let values = ["appid": H.coffee, "redirect_uri": h.receiver.baseURL.absoluteString + "/oauth/callback?from=menu",
                      "response_type": "code", "scope": scope, "state": state, "component_appid": H.componentAppID]
        return "/connect/oauth2/authorize?" + query(order.map { ($0, values[$0]!) })
    }

    /// The account authorized with web authorization (4), and a component token.
    func prepared(_ h: Harness, funcIDs: [Int] = [1, 4]) async throws -> String {
        let component = try await h.componentToken()
        _ = try await h.authorized(H.coffee, funcIDs: funcIDs, componentToken: component)
        return component
    }

    func exchange(_ h: Harness, code: String, token: String, appID: String = H.coffee) async throws -> TestHTTP.Reply {
        try await h.http.get("/sns/oauth2/component/access_token?" + query([
            ("appid", appID), ("code", code), ("grant_type", "authorization_code"),
            ("component_appid", H.componentAppID), ("component_access_token", token),
        ]))
    }

    @Test func base_RedirectsAtOnce_WithCodeAndState() async throws {
        try await withHarness { h in
            _ = try await prepared(h)
            let reply = try await h.http.get(authorizeURL(h))
            #expect(reply.status == 302)
            let location = try #require(reply.location)
            #expect(location.hasPrefix(h.receiver.baseURL.absoluteString + "/oauth/callback?from=menu&code="))
            let items = queryItems(of: location)
            #expect(items.items.map(\.name) == ["from", "code", "state"])
            #expect(items["state"] == "st42")
        }
    }

    @Test func authorize_ShowsAnError_WhenParametersAreOutOfOrder() async throws {
        try await withHarness { h in
            _ = try await prepared(h)
            let reply = try await h.http.get(authorizeURL(h, order: ["redirect_uri", "appid", "response_type", "scope", "state", "component_appid"]))
            #expect(reply.status == 200)
            #expect(reply.text.contains("参数错误"))
            #expect(reply.location == nil)
        }
    }

    @Test func authorize_ShowsAnError_WithoutTheWebAuthorizationPermission() async throws {
        try await withHarness { h in
            _ = try await prepared(h, funcIDs: [1])
            let reply = try await h.http.get(authorizeURL(h))
            #expect(reply.text.contains("10016"))
            #expect(reply.location == nil)
        }
    }

    @Test func authorize_ShowsAnError_ForAnUnknownScope() async throws {
        try await withHarness { h in
            _ = try await prepared(h)
            let reply = try await h.http.get(authorizeURL(h, scope: "snsapi_login"))
            #expect(reply.text.contains("10005"))
        }
    }

    @Test func code_ExchangesOnce_ThenIs40163() async throws {
        try await withHarness { h in
            let component = try await prepared(h)
            let code = try #require(queryItems(of: try await h.http.get(authorizeURL(h)).location ?? "")["code"])
            let first = try await exchange(h, code: code, token: component)
            let second = try await exchange(h, code: code, token: component)
            #expect(first.string("openid") == SimulatedUser.demoSet[0].openID(for: H.coffee))
            #expect(first.string("scope") == "snsapi_base")
            #expect(first.int("expires_in") == 7200)
            #expect(first.string("refresh_token") != nil)
            #expect(first.json["unionid"] == nil)
            #expect(second.errcode == 40163)
        }
    }

    @Test func code_Is40029_After5Minutes() async throws {
        try await withHarness { h in
            let component = try await prepared(h)
            let code = try #require(queryItems(of: try await h.http.get(authorizeURL(h)).location ?? "")["code"])
            h.clock.advance(by: 300)
            let reply = try await exchange(h, code: code, token: component)
            #expect(reply.errcode == 40029)
        }
    }

    @Test func exchange_Is48001_WithAnAuthorizerToken() async throws {
        try await withHarness { h in
            let component = try await h.componentToken()
            let (access, _) = try await h.authorized(H.coffee, funcIDs: [1, 4], componentToken: component)
            let code = try #require(queryItems(of: try await h.http.get(authorizeURL(h)).location ?? "")["code"])
            let reply = try await exchange(h, code: code, token: access)
            #expect(reply.errcode == 48001)
            #expect(reply.string("errmsg") == "api unauthorized")
        }
    }

    @Test func userInfo_AfterConsent_ReturnsThePickedUser() async throws {
        try await withHarness { h in
            let component = try await prepared(h)
            let page = try await h.http.get(authorizeURL(h, scope: "snsapi_userinfo"))
            #expect(page.status == 200)
            #expect(page.text.contains(#"<form method="post" action="/simulator/oauth2/confirm">"#))
            #expect(page.text.contains("&lt;i&gt;小&quot;明&quot;&lt;/i&gt;"))
            let confirm = try await h.http.postForm(WeChatSimulator.oauthConfirmPath, [
                ("appid", H.coffee), ("redirect_uri", h.receiver.baseURL.absoluteString + "/oauth/callback"),
                ("scope", "snsapi_userinfo"), ("state", "xyz"), ("user", "lina"),
            ])
            #expect(confirm.status == 302)
            #expect(confirm.headers["set-cookie"]?.hasPrefix("wxsim_user=lina;") == true)
            let items = queryItems(of: confirm.location ?? "")
            #expect(items["state"] == "xyz")
            let token = try await exchange(h, code: items["code"] ?? "", token: component)
            let lina = SimulatedUser.demoSet[1]
            #expect(token.string("unionid") == lina.unionID)
            let info = try await h.http.get("/sns/userinfo?" + query([
                ("access_token", token.string("access_token") ?? ""), ("openid", token.string("openid") ?? ""), ("lang", "zh_CN"),
            ]))
            #expect(info.string("nickname") == "李娜")
            #expect(info.int("sex") == 2)
            #expect(info.string("city") == "杭州")
            #expect(info.string("openid") == lina.openID(for: H.coffee))
            #expect(info.json["privilege"] as? [String] == [])
            let check = try await h.http.get("/sns/auth?" + query([
                ("access_token", token.string("access_token") ?? ""), ("openid", lina.openID(for: H.coffee)),
            ]))
            #expect(check.text == #"{"errcode":0,"errmsg":"ok"}"#)
        }
    }

    @Test func userInfo_Is48001_ForABaseScopeToken() async throws {
        try await withHarness { h in
            let component = try await prepared(h)
            let code = try #require(queryItems(of: try await h.http.get(authorizeURL(h)).location ?? "")["code"])
            let token = try await exchange(h, code: code, token: component)
            let info = try await h.http.get("/sns/userinfo?" + query([
                ("access_token", token.string("access_token") ?? ""), ("openid", token.string("openid") ?? ""),
            ]))
            #expect(info.errcode == 48001)
        }
    }

    @Test func base_UsesTheUserRememberedByTheCookie() async throws {
        try await withHarness { h in
            let component = try await prepared(h)
            let reply = try await h.http.get(authorizeURL(h), headers: ["Cookie": "other=1; wxsim_user=lina"])
            let code = queryItems(of: reply.location ?? "")["code"] ?? ""
            let token = try await exchange(h, code: code, token: component)
            #expect(token.string("openid") == SimulatedUser.demoSet[1].openID(for: H.coffee))
        }
    }

    @Test func refresh_IssuesANewAccessToken_WithTheSameRefreshToken() async throws {
        try await withHarness { h in
            let component = try await prepared(h)
            let code = try #require(queryItems(of: try await h.http.get(authorizeURL(h)).location ?? "")["code"])
            let token = try await exchange(h, code: code, token: component)
            let refreshed = try await h.http.get("/sns/oauth2/component/refresh_token?" + query([
                ("appid", H.coffee), ("grant_type", "refresh_token"), ("component_appid", H.componentAppID),
                ("component_access_token", component), ("refresh_token", token.string("refresh_token") ?? ""),
            ]))
            #expect(refreshed.string("refresh_token") == token.string("refresh_token"))
            #expect(refreshed.string("access_token") != token.string("access_token"))
            #expect(refreshed.string("openid") == token.string("openid"))
        }
    }
}
