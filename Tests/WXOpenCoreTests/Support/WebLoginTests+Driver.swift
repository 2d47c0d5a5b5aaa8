import Foundation
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// The browser and the app's backend in web-login tests: start, follow WeChat, call back, redeem.
extension WebLoginTests {
    static let account = Harness.officialAccount
    static let returnTo = "https://app.example.com/welcome?from=menu#top"

    /// Web login on, a ticket, and the official account authorized with `funcIDs`.
    static func started(mode: HarnessMode = .inProcess, funcIDs: [Int]? = [1, 4]) async throws -> Harness {
        let harness = try await Harness.start(mode: mode, configure: { $0.webLogin.returnURLPrefixes = ["https://app.example.com/"] })
        try await harness.pushTicket()
        if let funcIDs { _ = try await harness.simulator.authorize(appID: account, funcIDs: funcIDs, sendPush: true) }
        return harness
    }

    func startURL(_ harness: Harness, appID: String = account, scope: String = "snsapi_base", returnTo: String = returnTo) -> String {
        harness.platformURL + "/weblogin/\(appID)/start?scope=\(scope)&return_to=" + PercentEncoding.encode(returnTo)
    }

    struct Started {
        /// WeChat's authorize URL.
        var wechatURL: String
        /// `wxopen_weblogin=…`, as the browser would send it back.
        var cookie: String
        var query: [URLQueryItem]
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
    }

    func start(_ harness: Harness, scope: String = "snsapi_base", returnTo: String = returnTo) async throws -> Started {
        let response = try await harness.get(startURL(harness, scope: scope, returnTo: returnTo))
        #expect(response.status == 302, "start refused: \(response.text.prefix(300))")
        let location = try #require(response.headers["location"])
        let cookie = try #require(response.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        return Started(wechatURL: location, cookie: cookie, query: URLComponents(string: location)?.queryItems ?? [])
    }

    /// snsapi_base: WeChat redirects at once to our callback with a code.
    func callbackURL(_ harness: Harness, _ started: Started) async throws -> String {
        let wechat = try await harness.get(started.wechatURL)
        #expect(wechat.status == 302, "WeChat's page refused: \(wechat.text.prefix(300))")
        return try #require(wechat.headers["location"])
    }

    /// The whole snsapi_base login; returns the callback's answer and the callback URL.
    func login(_ harness: Harness) async throws -> (response: WeChatHTTPResponse, callbackURL: String, started: Started) {
        let started = try await start(harness)
        let callback = try await callbackURL(harness, started)
        return (try await harness.get(callback, headers: ["Cookie": started.cookie]), callback, started)
    }

    func ticket(in location: String?) throws -> String {
        try #require(URLComponents(string: location ?? "")?.queryItems?.first { $0.name == "wxopen_ticket" }?.value)
    }

    func redeem(_ harness: Harness, _ ticket: String, key: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        try await harness.api("POST", "/api/v1/web-login/redeem", body: "{\"ticket\": \"\(ticket)\"}", key: key)
    }

    func errorCode(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }

    func query(_ url: String) -> [URLQueryItem] { URLComponents(string: url)?.queryItems ?? [] }
}
