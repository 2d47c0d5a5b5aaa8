import Foundation
import HTTPServer
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// Two platform instances behind one load balancer: `a` and `b`, each a `PlatformApp` with its
/// own caches, on one store, against one simulator (in-process, on one `ManualClock`). On
/// PostgreSQL each instance opens its own `PostgresStore` on the same schema, as two machines
/// would; on the memory store they share one `MemoryStore` (what the coordination needs is in
/// the `Store` protocol, so it holds there too). WeChat's pushes go to `a`.
struct InstancePair: Sendable {
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case memory, postgres
        static var available: [Backend] { allCases.filter { $0 != .postgres || PostgresTestDatabase.isConfigured } }
        var testDescription: String { rawValue }
    }

    static let hostA = "a.test", hostB = "b.test"
    static let account = PlatformHarness.officialAccount
    typealias Demo = SimulatorConfiguration.Demo

    let clock: ManualClock
    let simulator: WeChatSimulator
    let a: PlatformApp
    let b: PlatformApp
    let network: InProcessNetwork
    let apiKey: String
    let logs: MemoryLogSink

    /// Runs `body` with a fresh pair, shut down afterwards.
    static func with(_ backend: Backend, configure: @escaping @Sendable (inout Configuration) -> Void = { _ in },
                     _ body: (InstancePair) async throws -> Void) async throws {
        switch backend {
        case .memory:
            let store = MemoryStore()
            try await run(stores: (store, store), configure: configure, body)
        case .postgres:
            try await PostgresTestDatabase.withSchema { url in
                let open = { @Sendable (name: String) in
                    try await PostgresStore.open(url: url, key: StoreFixtures.key, componentAppID: Demo.componentAppID, logger: .discard,
                                                 configuration: .init(applicationName: name), sleeper: Sleepers.none)
                }
                try await run(stores: (try await open("wxopen-a"), try await open("wxopen-b")), configure: configure, body)
            }
        }
    }

    private static func run(stores: (any Store, any Store), configure: @escaping @Sendable (inout Configuration) -> Void,
                            _ body: (InstancePair) async throws -> Void) async throws {
        let pair = try await start(stores: stores, configure: configure)
        do {
            try await body(pair)
        } catch {
            await pair.stop()
            throw error
        }
        await pair.stop()
    }

    static func start(stores: (any Store, any Store), configure: (inout Configuration) -> Void) async throws -> InstancePair {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let logs = MemoryLogSink()
        let (apiKey, apiKeyHash) = APIKeyAuthenticator.makeKey()
        var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                           token: Demo.token, encodingAESKey: Demo.encodingAESKey))
        for keyPath in [\Configuration.wechat.apiBaseURL, \.wechat.mpBaseURL, \.wechat.openBaseURL] {
            configuration[keyPath: keyPath] = PlatformHarness.placeholder
        }
        configuration.server.publicBaseURL = "http://\(hostA)"
        configuration.apiKeys = [.init(name: "tests", sha256: apiKeyHash)]
        configure(&configuration)
        let network = InProcessNetwork()
        let http = HTTPServer.Configuration.forTests()
        func instance(_ name: String, _ store: any Store) async throws -> PlatformApp {
            let logger = Logger(level: .debug, sink: logs).with(["instance": name])
            return try await PlatformApp.open(configuration: configuration, logger: logger, environment: [:], clock: clock, transport: network,
                                              store: store, httpConfiguration: http, sleep: Sleepers.none)
        }
        let a = try await instance("a", stores.0), b = try await instance("b", stores.1)
        network.serve(hostA, RouterTransport(server: a.server))
        network.serve(hostB, RouterTransport(server: b.server))
        var simulatorConfiguration = SimulatorConfiguration.demo(platformBaseURL: URL(string: "http://\(hostA)")!, port: 0)
        simulatorConfiguration.ticketInterval = 0
        simulatorConfiguration.pushAttempts = 1
        simulatorConfiguration.pushRetryDelay = 0
        simulatorConfiguration.pushTimeout = 120
        let simulator = WeChatSimulator(configuration: simulatorConfiguration, clock: clock, logger: .discard, pushTransport: network)
        network.serve("wechat.test", RouterTransport(router: simulator.makeRouter()))
        return InstancePair(clock: clock, simulator: simulator, a: a, b: b, network: network, apiKey: apiKey, logs: logs)
    }

    func stop() async {
        await simulator.shutdown()
        await a.shutdown()
        await b.shutdown()
    }

    func host(_ app: PlatformApp) -> String { app === a ? Self.hostA : Self.hostB }

    /// A call to the internal API of one instance, with the test key.
    func api(_ app: PlatformApp, _ path: String, method: String = "GET", body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        let response = try await network.send(WeChatHTTPRequest(
            method: method, url: URL(string: "http://\(host(app))" + path)!, headers: ["Authorization": "Bearer " + apiKey],
            body: body.map { Data($0.utf8) }, timeout: 30))
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:])
    }

    func accessToken(_ app: PlatformApp, _ appID: String = account) async throws -> String? {
        try await api(app, "/api/v1/authorizers/\(appID)/access-token").json["access_token"] as? String
    }

    /// A browser's GET (no API key), for pages and redirects.
    func get(_ url: String, headers: [String: String] = [:]) async throws -> WeChatHTTPResponse {
        try await network.send(WeChatHTTPRequest(method: "GET", url: URL(string: url)!, headers: headers, body: nil, timeout: 30))
    }

    /// A ticket pushed by the simulator to `a`, and one account authorized through its push.
    func authorizeAccount(_ appID: String = account, funcIDs: [Int]? = nil) async throws {
        let push = await simulator.pushTicket()
        #expect(push.deliveries.last?.httpStatus == 200)
        _ = try await simulator.authorize(appID: appID, funcIDs: funcIDs, sendPush: true)
        #expect(try await a.platform.store.authorizer(appID: appID)?.accessToken != nil)
    }

    func upstreamCalls(_ endpoint: String) -> Int { simulator.counters()[endpoint] ?? 0 }

    /// Waits (up to 10 s of real time) until `condition` holds; returns whether it did.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }
}
