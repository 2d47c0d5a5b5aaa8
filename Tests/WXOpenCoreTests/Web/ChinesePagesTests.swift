import Foundation
import HTTPServer
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport

/// Issue 11: every page a Chinese reader can meet (merchant, console, web login, the console-off
/// page, problem pages) says its sentences in Chinese. Identifiers (`<code>`, appids, event kinds)
/// and what the event log recorded are data, not page text.
@Suite struct ChinesePagesTests {
    /// Phrases the pages used to show in English on Chinese pages, and a few of every kind.
    static let knownEnglish = [
        "is not a WeChat appid", "must be", "This link is not valid", "Back to the console", "Start again", "Log in again",
        "Please", "Sign in", "The console is off", "Restart wxopen", "Authorize", "No such", "expired", "try again",
    ]

    /// The text a reader sees: no markup, no `<code>`, scripts, QR codes, raw JSON or recorded event details.
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in ["<head>[\\s\\S]*?</head>", "<script[\\s\\S]*?</script>", "<code>[\\s\\S]*?</code>", "<svg[\\s\\S]*?</svg>",
                        "<pre[\\s\\S]*?</pre>", "<td class=\"detail\">[\\s\\S]*?</td>", "<[^>]*>"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text
    }

    static func expectChinese(_ name: String, _ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = String(decoding: response.body.data ?? Data(), as: UTF8.self)
        #expect(html.contains("<html lang=\"zh-CN\">"), "\(name) is not a Chinese page", sourceLocation: sourceLocation)
        let text = visibleText(html)
        for phrase in knownEnglish {
            #expect(!text.contains(phrase), "\(name) says \"\(phrase)\"", sourceLocation: sourceLocation)
        }
        // Three English words in a row is a sentence, not an identifier.
        let sentences = text.matches(of: /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/).map { String($0.output) }
        #expect(sentences.isEmpty, "\(name) has English: \(sentences)", sourceLocation: sourceLocation)
    }

    @Test func consolePages_InChinese() async throws {
        let harness = try await ConsoleHarness.start()
        try await harness.authorize([PlatformHarness.officialAccount])
        try await harness.store.appendEvent(EventRecord(at: harness.clock.now(), kind: "push.rejected", outcome: "rejected", detail: "bad signature"))
        let browser = try await harness.signedInBrowser()
        for path in ["/admin", "/admin/authorizers", "/admin/authorizers/\(PlatformHarness.officialAccount)", "/admin/authorizers/wxnope",
                     "/admin/sync", "/admin/events", "/admin/links?build=1", "/admin/links?build=1&biz_appid=nope",
                     "/admin/links?build=1&auth_type=9", "/admin/links?build=1&category_id_list=x", "/admin/nope",
                     "/admin/authorizers?cursor=forged"] {
            let request = try HTTPRequest(method: .get, target: path, headers: ["Accept-Language": "zh-CN",
                                                                               "Cookie": "wxopen_session=" + (browser.cookies["wxopen_session"] ?? "")])
            Self.expectChinese(path, await harness.router.respond(to: request))
        }
        let login = try HTTPRequest(method: .get, target: "/admin/login", headers: ["Accept-Language": "zh-CN"])
        Self.expectChinese("login", await harness.router.respond(to: login))
        let forged = try HTTPRequest(method: .post, target: "/admin/sync", headers: [
            "Accept-Language": "zh-CN", "Cookie": "wxopen_session=" + (browser.cookies["wxopen_session"] ?? ""),
            "Content-Type": "application/x-www-form-urlencoded"], body: Data("csrf=wrong".utf8))
        Self.expectChinese("csrf refused", await harness.router.respond(to: forged))
        Self.expectChinese("console off", ConsoleOffPage.response(.zh))
        await harness.stop()
    }

    @Test func merchantPages_InChinese() async throws {
        let harness = try await PlatformHarness.start()
        var router = Router()
        AuthorizationRoutes(platform: harness.app.platform, usedStates: UsedStateLedger(store: harness.store, clock: harness.clock)).add(to: &router)
        for target in ["/authorize", "/authorize?auth_type=9", "/authorize?biz_appid=x", "/authorize?category_id_list=a",
                       "/authorize?ref=%01", "/authorize/go", "/authorize/callback?state=x"] {
            let request = try HTTPRequest(method: .get, target: target, headers: ["Accept-Language": "zh-CN"])
            Self.expectChinese(target, await router.respond(to: request))
        }
        for refusal in [AuthorizationStates.Refusal.invalid, .expired, .used, .otherBrowser] {
            Self.expectChinese("\(refusal)", MerchantPage.linkRefused(.zh, refusal))
        }
        Self.expectChinese("wechat unavailable", MerchantPage.unavailable(.zh, PlatformError.wechat(
            .wechat(endpoint: "api_create_preauthcode", errcode: 61004, errmsg: "access clientip is not registered"))))
        let record = AuthorizerRecord(appID: PlatformHarness.officialAccount, componentAppID: "wxcomponent", updatedAt: harness.clock.now())
        Self.expectChinese("authorized", MerchantPage.authorized(.zh, record: record, ref: "r-1", platformName: "wxopen"))
        await harness.stop()
    }

    @Test func webLoginPages_InChinese() {
        let attempt = WebLoginAttempt(appID: "wx8f3c2a1b5d6e7f90", scope: .base, returnTo: "https://app.example.com/", browserDigest: [])
        let errors: [WebLoginError] = [
            .disabled, .badScope, .returnTo(.notListed), .unknownAccount(appID: "wx1"), .accountUnavailable(appID: "wx1", status: .revoked),
            .notOfficialAccount(appID: "wx1"), .webAuthorizationNotGranted(appID: "wx1"), .state(.expired), .state(.used),
            .state(.otherBrowser), .state(.unknown), .codeMissing(attempt), .codeRejected(errcode: 40163, attempt),
            .codeRejected(errcode: 40029, attempt), .upstream(.waitingForTicket(componentAppID: "wxc"), attempt),
            .upstream(.wechat(.wechat(endpoint: "sns_oauth2", errcode: 61004, errmsg: "x")), attempt), .ticket(.used),
            .internalFailure(detail: "disk full"),
        ]
        for error in errors { Self.expectChinese("\(error.reason)", WebLoginPage.response(for: error, .zh)) }
    }
}
