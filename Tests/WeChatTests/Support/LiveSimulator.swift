import Foundation
import WeChat
import WeChatSimulator
import WXOpenTesting

/// A WeChat simulator with a `ManualClock`, and a `ComponentClient` pointed at it: in-process
/// (the default; the simulator's router answers `wechat.test` on an `InProcessNetwork`), or over
/// real sockets on 127.0.0.1:0 with `.live`. Pushes go nowhere (nothing listens on port 1, and
/// nothing serves it in-process): these tests are about the API client, and the simulator's own
/// tests cover the pushes.
struct LiveSimulator: Sendable {
    let clock: ManualClock
    let simulator: WeChatSimulator
    let client: ComponentClient
    /// For pages and redirects: never follows a redirect.
    let transport: any WeChatTransport
    /// The simulator's base URL as `client` and `transport` reach it.
    let baseURL: URL

    static let appSecret = SimulatorConfiguration.Demo.componentAppSecret
    static let officialAccount = "wx8f3c2a1b5d6e7f90"
    static let miniProgram = "wx9b3d5f7a2c4e6b18"

    static func start(mode: HarnessMode = .inProcess, clientTimeout: TimeInterval = 10) throws -> LiveSimulator {
        let clock = ManualClock()
        var configuration = SimulatorConfiguration.demo(platformBaseURL: URL(string: "http://127.0.0.1:1")!, port: 0)
        configuration.eventLoops = 1
        configuration.ticketInterval = 0
        configuration.pushAttempts = 1
        configuration.pushRetryDelay = 0
        let network = InProcessNetwork()
        let simulator = WeChatSimulator(configuration: configuration, clock: clock, logger: .discard,
                                        pushTransport: mode == .live ? URLSessionTransport() : network)
        let baseURL: URL, transport: any WeChatTransport
        if mode == .live {
            try simulator.start()
            (baseURL, transport) = (simulator.baseURL, URLSessionTransport())
        } else {
            network.serve("wechat.test", RouterTransport(router: simulator.makeRouter()))
            (baseURL, transport) = (URL(string: "http://wechat.test")!, network)
        }
        let client = ComponentClient(endpoints: WeChatEndpoints(baseURL: baseURL), transport: transport,
                                     componentAppID: configuration.componentAppID, timeout: clientTimeout)
        return LiveSimulator(clock: clock, simulator: simulator, client: client, transport: transport, baseURL: baseURL)
    }

    func stop() async { await simulator.shutdown() }

    func componentToken() async throws -> String {
        try await client.componentToken(appSecret: Self.appSecret, ticket: simulator.issueTicket()).token
    }

    /// Authorizes an account (no push) and exchanges the code through the client.
    func authorize(_ appID: String, funcIDs: [Int]? = nil, componentToken: String) async throws -> AuthorizationInfo {
        let grant = try await simulator.authorize(appID: appID, funcIDs: funcIDs, sendPush: false)
        return try await client.queryAuth(componentToken: componentToken, authorizationCode: grant.authorizationCode)
    }

    /// Sends a request without following redirects.
    func send(_ url: URL, method: String = "GET", headers: [String: String] = [:], body: String? = nil) async throws -> WeChatHTTPResponse {
        try await transport.send(WeChatHTTPRequest(method: method, url: url, headers: headers, body: body.map { Data($0.utf8) }, timeout: 120))
    }
}

/// Runs `body` against a fresh simulator and always stops it.
func withLiveSimulator(mode: HarnessMode = .inProcess, clientTimeout: TimeInterval = 10,
                       _ body: (LiveSimulator) async throws -> Void) async throws {
    let live = try LiveSimulator.start(mode: mode, clientTimeout: clientTimeout)
    do {
        try await body(live)
    } catch {
        await live.stop()
        throw error
    }
    await live.stop()
}

/// The value of a query parameter in a URL string.
func queryValue(_ name: String, in url: String) -> String? {
    URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
}
