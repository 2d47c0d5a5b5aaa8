import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16: real answers of every route (its success and a few refusals), through the
/// in-process harness, match what the OpenAPI document says: the status is documented for the
/// operation, and the content type, required headers and body match (`OpenAPIContract`).
@Suite struct OpenAPIConformanceTests {
    typealias Harness = PlatformHarness
    static let account = Harness.officialAccount
    static let miniProgram = "wx9b3d5f7a2c4e6b18"

    /// Web login on (users kept), rids in WeChat's errors, a ticket, an official account with
    /// web authorization and a mini program.
    static func started() async throws -> Harness {
        let harness = try await Harness.start(configure: {
            $0.webLogin.returnURLPrefixes = ["https://app.example.com/"]
            $0.webLogin.keepUserTokens = true
        }, simulatorConfigure: { $0.ridsInErrors = true })
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, funcIDs: [1, 2, 3, 4, 15], sendPush: true)
        _ = try await harness.simulator.authorize(appID: miniProgram, sendPush: true)
        return harness
    }

    /// Sends one request and checks its answer against the document; returns it for the test's
    /// own assertions. `template` is the document's path; `path` defaults to it.
    @discardableResult
    func call(_ harness: Harness, _ method: String, _ template: String, path: String? = nil, query: String = "", body: String? = nil,
              key: String?? = .none, expect status: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws -> WeChatHTTPResponse {
        var headers: [String: String] = body == nil ? [:] : ["Content-Type": "application/json"]
        switch key {
        case .none: headers["Authorization"] = "Bearer " + harness.apiKey
        case .some(let key?): headers["Authorization"] = key
        case .some(nil): break
        }
        let url = URL(string: harness.platformURL + (path ?? template) + (query.isEmpty ? "" : "?" + query))!
        let response = try await harness.browser.send(WeChatHTTPRequest(method: method, url: url, headers: headers,
                                                                        body: body.map { Data($0.utf8) }, timeout: 30))
        #expect(response.status == status, "\(method) \(path ?? template): \(response.text.prefix(300))", sourceLocation: sourceLocation)
        let problems = try OpenAPIContract().problems(method, template, status: response.status, headers: response.headers, body: response.body)
        #expect(problems == [], sourceLocation: sourceLocation)
        return response
    }

    @Test func accountsAndTokens_MatchTheDocument() async throws {
        let harness = try await Self.started()
        let one = "/api/v1/authorizers/{appid}", a = "/api/v1/authorizers/\(Self.account)"
        try await call(harness, "GET", "/api/v1/authorizers", query: "limit=1", expect: 200)
        try await call(harness, "GET", "/api/v1/authorizers", query: "limit=0", expect: 400)
        try await call(harness, "GET", "/api/v1/authorizers", key: .some(nil), expect: 401)
        try await call(harness, "GET", "/api/v1/authorizers", key: "Bearer a, Bearer b", expect: 400)
        try await call(harness, "GET", one, path: a, expect: 200)
        try await call(harness, "GET", one, path: "/api/v1/authorizers/wx0000000000000001", expect: 404)
        let token = try JSONInstance.parse(try await call(harness, "GET", one + "/access-token", path: a + "/access-token", expect: 200).body)
        let invalid = try #require(token["access_token"]?.string)
        try await call(harness, "POST", one + "/access-token/refresh", path: a + "/access-token/refresh",
                       body: #"{"invalid_token": "\#(invalid)"}"#, expect: 200)
        try await call(harness, "POST", one + "/access-token/refresh", path: a + "/access-token/refresh", body: "{}", expect: 400)
        try await call(harness, "POST", one + "/access-token/refresh", path: a + "/access-token/refresh", body: #"{"force": true}"#, expect: 200)
        let limited = try await call(harness, "POST", one + "/access-token/refresh", path: a + "/access-token/refresh",
                                     body: #"{"force": true}"#, expect: 429)
        #expect(limited.headers["retry-after"] != nil)
        try await call(harness, "GET", "/api/v1/component/access-token", expect: 200)
        try await call(harness, "POST", "/api/v1/component/access-token/refresh", body: #"{"invalid_token": "stale"}"#, expect: 200)
        let option = "/api/v1/authorizers/{appid}/options/{name}"
        try await call(harness, "GET", option, path: a + "/options/voice_recognize", expect: 200)
        try await call(harness, "PUT", option, path: a + "/options/voice_recognize", body: #"{"option_value": "1"}"#, expect: 200)
        try await call(harness, "PUT", option, path: a + "/options/voice_recognize", body: #"{"option_value": "2"}"#, expect: 400)
        try await call(harness, "GET", option, path: a + "/options/no_such_option", expect: 404)
        try await call(harness, "GET", "/api/v1/sync", expect: 200)
        try await call(harness, "POST", "/api/v1/authorizers/sync", expect: 202)
        _ = await harness.app.sync.wait()
        await harness.stop()
    }

    @Test func jssdkQuotaAndMiniProgram_MatchTheDocument() async throws {
        let harness = try await Self.started()
        let a = "/api/v1/authorizers/\(Self.account)", m = "/api/v1/authorizers/\(Self.miniProgram)"
        // First, a call WeChat refuses (before any ticket is cached): its rid is looked up below.
        harness.simulator.injectFault(.errcode(45009), endpoint: "ticket_getticket")
        let failed = try await call(harness, "GET", "/api/v1/authorizers/{appid}/jsapi-ticket", path: a + "/jsapi-ticket", expect: 502)
        let message = try #require(try JSONInstance.parse(failed.body)["error"]?["message"]?.string)
        let rid = String(try #require(message.components(separatedBy: "rid: ").last).prefix { $0.isHexDigit || $0 == "-" })
        let config = "/api/v1/authorizers/{appid}/jsapi-config"
        try await call(harness, "GET", config, path: a + "/jsapi-config", query: "url=https%3A%2F%2Fapp.example.com%2Fmenu", expect: 200)
        try await call(harness, "GET", config, path: m + "/jsapi-config", query: "url=https%3A%2F%2Fapp.example.com%2F", expect: 409)
        try await call(harness, "GET", config, path: a + "/jsapi-config", query: "url=%E8%8F%9C", expect: 400)
        try await call(harness, "GET", "/api/v1/authorizers/{appid}/jsapi-ticket", path: a + "/jsapi-ticket", query: "type=wx_card", expect: 200)
        let quota = "/api/v1/authorizers/{appid}/quota"
        try await call(harness, "GET", quota, path: a + "/quota", query: "cgi_path=/cgi-bin/ticket/getticket", expect: 200)
        try await call(harness, "GET", quota, path: a + "/quota", query: "cgi_path=/cgi-bin/no/such/api", expect: 404)
        try await call(harness, "GET", quota, path: a + "/quota", query: "cgi_path=/cgi-bin/component/api_component_token", expect: 403)
        try await call(harness, "GET", "/api/v1/component/quota", query: "cgi_path=/cgi-bin/component/api_component_token", expect: 200)
        try await call(harness, "GET", "/api/v1/authorizers/{appid}/rid/{rid}", path: a + "/rid/" + rid, expect: 200)
        try await call(harness, "GET", "/api/v1/component/rid/{rid}", path: "/api/v1/component/rid/" + rid, expect: 404)
        try await call(harness, "GET", "/api/v1/component/rid/{rid}", path: "/api/v1/component/rid/abc", expect: 400)
        let clear = "/api/v1/authorizers/{appid}/quota/clear"
        try await call(harness, "POST", clear, path: a + "/quota/clear", body: #"{"confirm": "\#(Self.account)"}"#, expect: 200)
        try await call(harness, "POST", clear, path: a + "/quota/clear", body: "{}", expect: 400)
        try await call(harness, "POST", "/api/v1/component/quota/clear", body: #"{"confirm": "\#(harness.app.platform.componentAppID)"}"#,
                       expect: 200)

        let code = try harness.simulator.issueJSCode(appID: Self.miniProgram, userID: "zhangwei")
        let sessions = "/api/v1/authorizers/{appid}/mini-program/sessions"
        let login = try await call(harness, "POST", sessions, path: m + "/mini-program/sessions", body: #"{"js_code": "\#(code)"}"#, expect: 201)
        try await call(harness, "POST", sessions, path: m + "/mini-program/sessions", body: #"{"js_code": "\#(code)"}"#, expect: 400)
        let session = try #require(try JSONInstance.parse(login.body)["session"]?.string)
        let sessionKey = try #require(harness.simulator.sessionKey(appID: Self.miniProgram, userID: "zhangwei"))
        let decrypt = "/api/v1/authorizers/{appid}/mini-program/decrypt"
        for (watermark, status) in [(Self.miniProgram, 200), ("wx5f1a3c7e9b2d4a63", 422)] {
            let sealed = try MiniProgramTests.seal(MiniProgramTests.phone(for: watermark), sessionKey: sessionKey)
            let body = try JSONSerialization.data(withJSONObject: ["session": session, "encrypted_data": sealed.data, "iv": sealed.iv])
            try await call(harness, "POST", decrypt, path: m + "/mini-program/decrypt", body: String(decoding: body, as: UTF8.self), expect: status)
        }
        try await call(harness, "POST", decrypt, path: m + "/mini-program/decrypt",
                       body: #"{"session": "gone", "encrypted_data": "AAAA", "iv": "AAAAAAAAAAAAAAAAAAAAAA=="}"#, expect: 404)
        await harness.stop()
    }

    @Test func webLogin_MatchesTheDocument() async throws {
        let harness = try await Self.started()
        let driver = WebLoginTests()
        let started = try await driver.start(harness, scope: "snsapi_userinfo")
        let form = ["appid": Self.account, "redirect_uri": try #require(started.value("redirect_uri")), "scope": "snsapi_userinfo",
                    "state": try #require(started.value("state")), "user": WebLoginTests.lina.id]
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
        let agreed = try await harness.post(harness.wechatURL + "/simulator/oauth2/confirm", body: form)
        let callback = try await harness.get(try #require(agreed.headers["location"]), headers: ["Cookie": started.cookie])
        let ticket = try driver.ticket(in: callback.headers["location"])
        let redeem = "/api/v1/web-login/redeem"
        let identity = try JSONInstance.parse(try await call(harness, "POST", redeem, body: #"{"ticket": "\#(ticket)"}"#, expect: 200).body)
        #expect(identity["user"] != nil, "a snsapi_userinfo login carries the profile")
        try await call(harness, "POST", redeem, body: #"{"ticket": "\#(ticket)"}"#, expect: 410)
        try await call(harness, "POST", redeem, body: #"{"ticket": "never-issued"}"#, expect: 404)
        try await call(harness, "POST", redeem, body: "[]", expect: 400)
        let openID = try #require(identity["openid"]?.string)
        let user = "/api/v1/web-login/users/{openid}", path = "/api/v1/web-login/users/" + openID
        try await call(harness, "GET", user, path: path, query: "authorizer_appid=\(Self.account)", expect: 200)
        try await call(harness, "GET", user, path: path, query: "authorizer_appid=\(Self.account)&check=1", expect: 200)
        try await call(harness, "GET", user, path: path, expect: 400)
        try await call(harness, "GET", user, path: path, query: "authorizer_appid=\(Self.account)&check=", expect: 400)
        try await call(harness, "DELETE", user, path: path, query: "authorizer_appid=\(Self.account)", expect: 200)
        try await call(harness, "DELETE", user, path: path, query: "authorizer_appid=\(Self.account)", expect: 404)
        await harness.stop()
    }

    @Test func operations_MatchTheDocument() async throws {
        let harness = try await Harness.start()
        try await call(harness, "GET", "/readyz", key: .some(nil), expect: 503)
        try await harness.pushTicket()
        try await call(harness, "GET", "/readyz", key: .some(nil), expect: 200)
        try await call(harness, "GET", "/healthz", key: .some(nil), expect: 200)
        try await call(harness, "GET", "/metrics", expect: 200)
        try await call(harness, "GET", "/metrics", key: .some(nil), expect: 401)
        try await call(harness, "GET", "/api/v1/openapi.json", key: .some(nil), expect: 200)
        await harness.stop()
    }
}
