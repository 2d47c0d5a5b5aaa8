import Foundation
@testable import WeChatSimulator
import WXOpenSupport
import WXOpenTesting

/// A simulator with a `ManualClock`, no automatic ticket pushes and instant push retries, wired
/// to a `PlatformReceiver`; `http` talks to the simulator. In-process (the default) the simulator's
/// router answers `wechat.test` and the receiver's `platform.test` on one `InProcessNetwork`;
/// `.live` puts both on 127.0.0.1, port 0.
struct Harness: Sendable {
    let clock: ManualClock
    let receiver: PlatformReceiver
    let simulator: WeChatSimulator
    let http: TestHTTP
    let logs: MemoryLogSink

    static let componentAppID = SimulatorConfiguration.Demo.componentAppID
    static let appSecret = SimulatorConfiguration.Demo.componentAppSecret
    /// Demo accounts used across tests.
    static let coffee = "wx8f3c2a1b5d6e7f90"       // 星河咖啡, official account, test list
    static let bookstore = "wx1d4b7e2a9c3f5a68"    // 云栖书店, official account
    static let markupAccount = "wx2e7a5c3b9d1f4e86" // <b>&"'测试号
    static let scriptPrincipal = "wx4c8e1a6b3d9f2c57" // principal name with <script>
    static let fruitMini = "wx9b3d5f7a2c4e6b18"    // 鲜果到家, mini program, test list
    static let parkingMini = "wx5f1a3c7e9b2d4a63"  // 易停车, mini program

    static let wechatURL = URL(string: "http://wechat.test")!

    static func start(mode: HarnessMode = .inProcess, responder: PlatformReceiver.Responder = .correct,
                      _ configure: (inout SimulatorConfiguration) -> Void = { _ in }) throws -> Harness {
        let clock = ManualClock()
        let network = mode == .inProcess ? InProcessNetwork() : nil
        let receiver = try PlatformReceiver(clock: clock, responder: responder, network: network)
        var configuration = SimulatorConfiguration.demo(platformBaseURL: receiver.baseURL, port: 0)
        configuration.eventLoops = 1
        configuration.ticketInterval = 0
        configuration.pushRetryDelay = 0
        // The receiver answers at once; a loaded machine must not turn a live push into a miss.
        configuration.pushTimeout = 120
        configure(&configuration)
        let logs = MemoryLogSink()
        let logger = Logger(level: .debug, sink: logs)
        guard let network else {
            let simulator = WeChatSimulator(configuration: configuration, clock: clock, logger: logger)
            try simulator.start()
            receiver.connect(simulator: simulator.baseURL)
            return Harness(clock: clock, receiver: receiver, simulator: simulator, http: TestHTTP(baseURL: simulator.baseURL), logs: logs)
        }
        let simulator = WeChatSimulator(configuration: configuration, clock: clock, logger: logger, pushTransport: network)
        network.serve(wechatURL.host!, RouterTransport(router: simulator.makeRouter()))
        receiver.connect(simulator: wechatURL)
        return Harness(clock: clock, receiver: receiver, simulator: simulator,
                       http: TestHTTP(baseURL: wechatURL, transport: network), logs: logs)
    }

    func stop() async {
        await simulator.shutdown()
        await receiver.stop()
    }

    // MARK: API shortcuts

    /// POSTs a JSON body to an API path with an optional token in the query.
    func api(_ path: String, token: String? = nil, tokenName: String = "component_access_token",
             _ body: [String: Any]) async throws -> TestHTTP.Reply {
        let target = token.map { path + "?" + query([(tokenName, $0)]) } ?? path
        return try await http.post(target, object: body)
    }

    /// A fresh component token, from a ticket issued without a push.
    func componentToken() async throws -> String {
        let reply = try await api("/cgi-bin/component/api_component_token", [
            "component_appid": Self.componentAppID, "component_appsecret": Self.appSecret,
            "component_verify_ticket": simulator.issueTicket(),
        ])
        guard let token = reply.string("component_access_token") else { throw HarnessError("no component token: \(reply.text)") }
        return token
    }

    /// Authorizes `appID` without a push and exchanges the code: its access and refresh tokens.
    func authorized(_ appID: String, funcIDs: [Int]? = nil, componentToken: String) async throws -> (access: String, refresh: String) {
        let grant = try await simulator.authorize(appID: appID, funcIDs: funcIDs, sendPush: false)
        let reply = try await api("/cgi-bin/component/api_query_auth", token: componentToken, [
            "component_appid": Self.componentAppID, "authorization_code": grant.authorizationCode,
        ])
        let info = reply.json["authorization_info"] as? [String: Any] ?? [:]
        guard let access = info["authorizer_access_token"] as? String, let refresh = info["authorizer_refresh_token"] as? String else {
            throw HarnessError("query_auth failed: \(reply.text)")
        }
        return (access, refresh)
    }

    /// `api_authorizer_token` for an account.
    func refresh(_ appID: String, refreshToken: String, componentToken: String) async throws -> TestHTTP.Reply {
        try await api("/cgi-bin/component/api_authorizer_token", token: componentToken, [
            "component_appid": Self.componentAppID, "authorizer_appid": appID, "authorizer_refresh_token": refreshToken,
        ])
    }

    /// `getcallbackip`: the cheap authorizer-token check.
    func checkToken(_ token: String) async throws -> TestHTTP.Reply {
        try await http.get("/cgi-bin/getcallbackip?" + query([("access_token", token)]))
    }

    /// A pre-auth code from the API.
    func preAuthCode(componentToken: String) async throws -> String {
        let reply = try await api("/cgi-bin/component/api_create_preauthcode", token: componentToken,
                                  ["component_appid": Self.componentAppID])
        guard let code = reply.string("pre_auth_code") else { throw HarnessError("no pre_auth_code: \(reply.text)") }
        return code
    }

    /// The platform's own start page, which the Referer check expects.
    var platformPage: String { receiver.baseURL.absoluteString + "/admin/authorize" }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` against a fresh harness and always stops it.
func withHarness(mode: HarnessMode = .inProcess, responder: PlatformReceiver.Responder = .correct,
                 _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
                 _ body: (Harness) async throws -> Void) async throws {
    let harness = try Harness.start(mode: mode, responder: responder, configure)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}
