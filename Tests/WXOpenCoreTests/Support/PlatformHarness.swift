import Foundation
import HTTPServer
import Synchronization
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Sends WeChat calls for the placeholder host `wechat.test` to the simulator's real port.
/// The platform is built before the simulator exists (the simulator needs the platform's port
/// for its pushes), so the platform is configured with the placeholder.
final class ForwardingTransport: WeChatTransport {
    private let inner = URLSessionTransport()
    private let target = Mutex<URL?>(nil)

    func point(at url: URL) { target.withLock { $0 = url } }

    func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
        var request = request
        request.url = rewrite(request.url)
        return try await inner.send(request)
    }

    func rewrite(_ url: URL) -> URL {
        guard url.host == "wechat.test", let target = target.withLock({ $0 }),
              var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.host = target.host
        components.port = target.port
        return components.url ?? url
    }
}

/// The platform (real routes) and a WeChat simulator, sharing one `ManualClock`, plus a browser
/// that follows nothing on its own.
///
/// `.inProcess` (the default) calls the platform's router directly and answers its WeChat calls
/// with the simulator's router; the simulator's pushes reach the platform's router the same way,
/// all through one `InProcessNetwork`. `.live` puts both on real sockets (127.0.0.1, port 0),
/// for the few tests per feature that prove the wiring over the wire.
struct PlatformHarness: Sendable {
    static let placeholder = "http://wechat.test"
    static let appSecret = SimulatorConfiguration.Demo.componentAppSecret
    static let officialAccount = "wx8f3c2a1b5d6e7f90"
    static let markupAccount = "wx2e7a5c3b9d1f4e86"
    /// The platform's `publicBaseURL`: where WeChat sends the browser back to.
    static let publicBaseURL = "http://127.0.0.1"

    let mode: HarnessMode
    let clock: ManualClock
    let app: PlatformApp
    let simulator: WeChatSimulator
    /// Live mode only: sends the platform's calls for `wechat.test` to the simulator's port.
    let forwarding: ForwardingTransport?
    let logs: MemoryLogSink
    let browser: any WeChatTransport
    let apiKey: String
    var platformURL: String { mode == .live ? "\(Self.publicBaseURL):\(app.server.port)" : Self.publicBaseURL }
    /// WeChat's pages and the simulator's own routes, as the browser reaches them.
    var wechatURL: String { Self.placeholder }
    var store: any Store { app.platform.store }

    static func start(
        mode: HarnessMode = .inProcess,
        clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000)), store: (any Store)? = nil,
        configure: (inout Configuration) -> Void = { _ in }, simulatorConfigure: (inout SimulatorConfiguration) -> Void = { _ in },
        deliveries: ForwardingService.Environment = .init()
    ) async throws -> PlatformHarness {
        let logs = MemoryLogSink()
        let logger = Logger(level: .debug, sink: logs)
        let (apiKey, apiKeyHash) = APIKeyAuthenticator.makeKey()
        typealias Demo = SimulatorConfiguration.Demo
        var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                           token: Demo.token, encodingAESKey: Demo.encodingAESKey))
        configuration.wechat.apiBaseURL = placeholder
        configuration.wechat.mpBaseURL = placeholder
        configuration.wechat.openBaseURL = placeholder
        configuration.wechat.timeoutSeconds = 20
        // The callback host WeChat redirects to; in live mode the browser below adds the port.
        configuration.server.publicBaseURL = publicBaseURL
        configuration.store.kind = .memory
        configuration.apiKeys = [.init(name: "tests", sha256: apiKeyHash)]
        configure(&configuration)
        let http = HTTPServer.Configuration.forTests()
        let live = mode == .live
        let network = InProcessNetwork()
        let forwarding = live ? ForwardingTransport() : nil
        let app = try await PlatformApp.open(configuration: configuration, logger: logger, environment: [:], clock: clock,
                                             transport: forwarding ?? network, store: store ?? MemoryStore(),
                                             httpConfiguration: http, sleep: Sleepers.none, forwarding: deliveries)
        if live {
            // Tests of deliveries drive the worker themselves (`runOnce`) or start it.
            try app.start(refresh: false, deliver: false, release: false)
        } else {
            network.serve("127.0.0.1", RouterTransport(server: app.server))
        }
        let platformBase = live ? "\(publicBaseURL):\(app.server.port)" : publicBaseURL
        var simulatorConfiguration = SimulatorConfiguration.demo(platformBaseURL: URL(string: platformBase)!, port: 0)
        simulatorConfiguration.eventLoops = 1
        simulatorConfiguration.ticketInterval = 0
        simulatorConfiguration.pushAttempts = 1
        simulatorConfiguration.pushRetryDelay = 0
        // The platform answers in milliseconds; a loaded CI machine must not turn that into a miss.
        simulatorConfiguration.pushTimeout = 120
        simulatorConfigure(&simulatorConfiguration)
        let simulator = WeChatSimulator(configuration: simulatorConfiguration, clock: clock, logger: .discard,
                                        pushTransport: live ? URLSessionTransport() : network)
        if let forwarding {
            try simulator.start()
            forwarding.point(at: simulator.baseURL)
        } else {
            network.serve("wechat.test", RouterTransport(router: simulator.makeRouter()))
        }
        return PlatformHarness(mode: mode, clock: clock, app: app, simulator: simulator, forwarding: forwarding, logs: logs,
                               browser: live ? URLSessionTransport() : network, apiKey: apiKey)
    }

    func stop() async {
        await simulator.shutdown()
        await app.shutdown()
    }

    /// A ticket pushed by the simulator and stored by the platform.
    func pushTicket() async throws {
        let push = await simulator.pushTicket()
        #expect(push.deliveries.last?.httpStatus == 200, "the platform did not accept the ticket push: \(push.deliveries.last?.failure ?? "-") \(push.deliveries.last?.responseBody ?? "")")
    }

    // MARK: Browser

    /// Live mode: resolves the placeholder WeChat host and the port-less callback host. In-process
    /// both names are served as they are.
    func resolve(_ url: URL) -> URL {
        guard let forwarding else { return url }
        if url.host == "wechat.test" { return forwarding.rewrite(url) }
        guard url.host == "127.0.0.1", url.port == nil, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.port = app.server.port
        return components.url ?? url
    }

    /// A Chinese browser unless the test says otherwise (URLSession sends an English Accept-Language).
    func get(_ url: String, headers: [String: String] = [:]) async throws -> WeChatHTTPResponse {
        var headers = headers
        if headers["Accept-Language"] == nil { headers["Accept-Language"] = "zh-CN,zh;q=0.9" }
        return try await browser.send(WeChatHTTPRequest(method: "GET", url: resolve(URL(string: url)!), headers: headers, body: nil, timeout: 30))
    }

    func post(_ url: String, body: String, headers: [String: String] = [:]) async throws -> WeChatHTTPResponse {
        var headers = headers
        if headers["Content-Type"] == nil { headers["Content-Type"] = "application/x-www-form-urlencoded" }
        if headers["Accept-Language"] == nil { headers["Accept-Language"] = "zh-CN,zh;q=0.9" }
        return try await browser.send(WeChatHTTPRequest(method: "POST", url: resolve(URL(string: url)!), headers: headers,
                                                        body: Data(body.utf8), timeout: 30))
    }

    func api(_ method: String, _ path: String, body: String? = nil, key: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        let response = try await browser.send(WeChatHTTPRequest(
            method: method, url: URL(string: platformURL + path)!, headers: ["Authorization": "Bearer " + (key ?? apiKey)],
            body: body.map { Data($0.utf8) }, timeout: 30))
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:])
    }

    /// The whole merchant flow: start page → go → WeChat's page (with our Referer) → approve →
    /// callback, in one browser. Returns the final page.
    func authorizeThroughBrowser(_ appID: String, query: String = "", funcIDs: [Int] = [1, 2, 3, 4, 15]) async throws -> WeChatHTTPResponse {
        let approved = try await approveThroughBrowser(appID, query: query, funcIDs: funcIDs)
        return try await get(approved.callback, headers: ["Cookie": approved.cookie])
    }

    /// The merchant flow up to WeChat's redirect: the callback URL, and the cookie (`name=value`)
    /// that `/authorize/go` gave the browser.
    func approveThroughBrowser(_ appID: String, query: String = "", funcIDs: [Int] = [1, 2, 3, 4, 15]) async throws
        -> (callback: String, cookie: String) {
        let startURL = platformURL + "/authorize" + (query.isEmpty ? "" : "?" + query)
        let start = try await get(startURL)
        #expect(start.status == 200)
        let go = try await get(platformURL + "/authorize/go" + (query.isEmpty ? "" : "?" + query), headers: ["Referer": startURL])
        #expect(go.status == 302)
        let cookie = try #require(go.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let wechatPage = try #require(go.headers["location"])
        let page = try await get(wechatPage, headers: ["Referer": startURL])
        #expect(page.status == 200, "WeChat's page refused: \(String(decoding: page.body, as: UTF8.self).prefix(300))")
        let preAuthCode = try #require(URLComponents(string: wechatPage)?.queryItems?.first { $0.name == "pre_auth_code" }?.value)
        let form = (["pre_auth_code=" + PercentEncoding.encode(preAuthCode), "authorizer_appid=" + appID]
                    + funcIDs.map { "func_id=\($0)" }).joined(separator: "&")
        let approved = try await post(wechatURL + "/simulator/authorize/approve", body: form, headers: ["Referer": wechatPage])
        #expect(approved.status == 302)
        return (try #require(approved.headers["location"]), cookie)
    }
}

extension WeChatHTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
