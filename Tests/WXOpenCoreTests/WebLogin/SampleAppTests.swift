import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16: `wxopen demo`'s sample app, served by the simulator, logs a user in through the
/// platform's web login and shows the identity its backend redeemed with its own API key.
@Suite struct SampleAppTests {
    typealias Harness = PlatformHarness
    static let account = Harness.officialAccount

    /// The harness with web login allowed back to the sample app, and the app's key configured.
    static func started(funcIDs: [Int] = [1, 4]) async throws -> Harness {
        let (key, hash) = APIKeyAuthenticator.makeKey()
        let app = SimulatorConfiguration.SampleApp(platformBaseURL: URL(string: Harness.publicBaseURL)!,
                                                   ownBaseURL: URL(string: Harness.placeholder)!, apiKey: key, appID: account)
        let harness = try await Harness.start(configure: {
            $0.webLogin.returnURLPrefixes = [app.returnPrefix]
            $0.apiKeys.append(.init(name: "sample-app", sha256: hash))
        }, simulatorConfigure: { $0.sampleApp = app })
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: account, funcIDs: funcIDs, sendPush: true)
        return harness
    }

    /// The first `href` of the element with this id.
    func link(_ id: String, in page: String) throws -> String {
        let tail = try #require(page.components(separatedBy: "id=\"\(id)\" href=\"").dropFirst().first)
        return String(tail.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func userInfoLogin_ThroughTheSampleApp_ShowsTheRedeemedProfile() async throws {
        let harness = try await Self.started()
        let home = try await harness.get(harness.wechatURL + "/sample-app")
        #expect(home.status == 200)
        #expect(home.text.contains("id=\"account-ready\""))
        let start = try await harness.get(try link("login-userinfo", in: home.text))
        #expect(start.status == 302, "\(start.text.prefix(300))")
        let cookie = try #require(start.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let wechatURL = try #require(start.headers["location"])
        let query = URLComponents(string: wechatURL)?.queryItems ?? []
        let consent = try await harness.get(wechatURL)
        #expect(consent.text.contains("李娜"))
        let redirect: String = try #require(query.first { $0.name == "redirect_uri" }?.value)
        let state: String = try #require(query.first { $0.name == "state" }?.value)
        let fields: [(String, String)] = [("appid", Self.account), ("redirect_uri", redirect), ("scope", "snsapi_userinfo"),
                                          ("state", state), ("user", "lina")]
        let form = fields.map { $0.0 + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        let agreed = try await harness.post(harness.wechatURL + "/simulator/oauth2/confirm", body: form)
        let callback = try await harness.get(try #require(agreed.headers["location"]), headers: ["Cookie": cookie])
        let welcomeURL = try #require(callback.headers["location"])
        #expect(welcomeURL.hasPrefix(harness.wechatURL + "/sample-app/welcome?wxopen_ticket="))
        let welcome = try await harness.get(welcomeURL)
        #expect(welcome.status == 200)
        #expect(welcome.text.contains("<td id=\"identity-nickname\">李娜</td>"))
        let openID = SimulatedUser.demoSet[1].openID(for: Self.account)
        #expect(welcome.text.contains("<td id=\"identity-openid\">\(openID)</td>"))
        #expect(harness.logs.contains("event=weblogin_redeem") && harness.logs.contains("outcome=redeemed"))
        // The ticket worked once: the page reloaded says so instead of showing the user again.
        let again = try await harness.get(welcomeURL)
        #expect(again.text.contains("id=\"sample-error\""))
        #expect(!again.text.contains("李娜"))
        await harness.stop()
    }

    @Test func sampleApp_BeforeTheAccountGrantedWebService_SaysWhatToDo() async throws {
        let harness = try await Self.started(funcIDs: [1])
        let home = try await harness.get(harness.wechatURL + "/sample-app")
        #expect(home.text.contains("id=\"account-not-ready\""))
        #expect(home.text.contains("\(Harness.publicBaseURL)/authorize"))
        let welcome = try await harness.get(harness.wechatURL + "/sample-app/welcome")
        #expect(welcome.text.contains("id=\"sample-error\""))
        await harness.stop()
    }

    @Test func simulatorWithoutASampleApp_ServesNone() async throws {
        let harness = try await Harness.start()
        #expect(try await harness.get(harness.wechatURL + "/sample-app").status == 404)
        await harness.stop()
    }
}
