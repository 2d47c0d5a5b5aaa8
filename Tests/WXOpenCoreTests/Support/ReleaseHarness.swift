import Foundation
import HTTPServer
import Synchronization
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// A platform (its routes in-process), the simulator and a forwarding service, for rollouts: the
/// simulator outlives the platform, so a test can stop the platform and open another on the same
/// store (a restart) while WeChat keeps what it was sent. The release runner is driven by the
/// test (`drive`), on the shared `ManualClock`.
struct ReleaseHarness: Sendable {
    static let officialAccount = "wx8f3c2a1b5d6e7f90"
    static let forwardingSecret = "forwarding-secret-for-release-tests-0123"

    let clock: ManualClock
    let network: InProcessNetwork
    let simulator: WeChatSimulator
    let service: FakeService
    let app: PlatformApp
    let apiKey: String
    let apiKeyHash: String
    let logs: MemoryLogSink
    /// What the busy backoff slept, in order.
    let slept: Recorded<Duration>

    var releases: ReleaseService { app.releases }
    var store: any Store { app.platform.store }

    /// `transport` wraps the network the platform reaches WeChat through (to lose or hold answers).
    static func start(clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000)), store: any Store = MemoryStore(),
                      configure: @escaping @Sendable (inout Configuration) -> Void = { _ in },
                      simulatorConfigure: (inout SimulatorConfiguration) -> Void = { _ in },
                      transport: (@Sendable (any WeChatTransport) -> any WeChatTransport)? = nil) async throws -> ReleaseHarness {
        let network = InProcessNetwork()
        var simulatorConfiguration = SimulatorConfiguration.demo(platformBaseURL: URL(string: PlatformHarness.publicBaseURL)!, port: 0)
        simulatorConfiguration.ticketInterval = 0
        simulatorConfiguration.pushAttempts = 1
        simulatorConfiguration.pushRetryDelay = 0
        simulatorConfiguration.pushTimeout = 120
        simulatorConfigure(&simulatorConfiguration)
        let simulator = WeChatSimulator(configuration: simulatorConfiguration, clock: clock, logger: .discard, pushTransport: network)
        network.serve("wechat.test", RouterTransport(router: simulator.makeRouter()))
        let (apiKey, apiKeyHash) = APIKeyAuthenticator.makeKey()
        let harness = try await open(clock: clock, network: network, simulator: simulator, service: try FakeService(), apiKey: apiKey,
                                     apiKeyHash: apiKeyHash, store: store, configure: configure, transport: transport)
        try await harness.pushTicket()
        return harness
    }

    /// The platform stopped (its store closed) and another opened on the store `reopen` opens
    /// then, the rest kept.
    func restarted(store reopen: () async throws -> any Store, configure: @escaping @Sendable (inout Configuration) -> Void = { _ in },
                   transport: (@Sendable (any WeChatTransport) -> any WeChatTransport)? = nil) async throws -> ReleaseHarness {
        await app.shutdown()
        return try await Self.open(clock: clock, network: network, simulator: simulator, service: service, apiKey: apiKey,
                                   apiKeyHash: apiKeyHash, store: try await reopen(), configure: configure, transport: transport)
    }

    /// A second instance beside this one, on `store` (the same database), with the same WeChat:
    /// pushes and API calls keep going to this one.
    func sibling(store: any Store) async throws -> ReleaseHarness {
        try await Self.open(clock: clock, network: network, simulator: simulator, service: service, apiKey: apiKey,
                            apiKeyHash: apiKeyHash, store: store, configure: { _ in }, transport: nil, serve: false)
    }

    private static func open(clock: ManualClock, network: InProcessNetwork, simulator: WeChatSimulator, service: FakeService,
                             apiKey: String, apiKeyHash: String, store: any Store,
                             configure: @Sendable (inout Configuration) -> Void,
                             transport: (@Sendable (any WeChatTransport) -> any WeChatTransport)?,
                             serve: Bool = true) async throws -> ReleaseHarness {
        typealias Demo = SimulatorConfiguration.Demo
        var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                           token: Demo.token, encodingAESKey: Demo.encodingAESKey))
        for keyPath in [\Configuration.WeChatURLs.apiBaseURL, \.mpBaseURL, \.openBaseURL] { configuration.wechat[keyPath: keyPath] = PlatformHarness.placeholder }
        configuration.server.publicBaseURL = PlatformHarness.publicBaseURL
        configuration.apiKeys = [.init(name: "tests", sha256: apiKeyHash)]
        configuration.forwarding = .init(url: service.url, secret: forwardingSecret)
        configure(&configuration)
        let logs = MemoryLogSink()
        let slept = Recorded<Duration>()
        let app = try await PlatformApp.open(configuration: configuration, logger: Logger(level: .debug, sink: logs), environment: [:],
                                             clock: clock, transport: transport?(network) ?? network, store: store,
                                             sleep: { slept.append($0) },
                                             forwarding: .init(replyDeadline: Sleepers.real, idleSleep: Sleepers.real, owner: "test-owner"))
        if serve { network.serve("127.0.0.1", RouterTransport(server: app.server)) }
        return ReleaseHarness(clock: clock, network: network, simulator: simulator, service: service, app: app, apiKey: apiKey,
                              apiKeyHash: apiKeyHash, logs: logs, slept: slept)
    }

    func stop() async {
        await simulator.shutdown()
        await app.shutdown()
        await service.stop()
    }

    func pushTicket() async throws {
        let push = await simulator.pushTicket()
        #expect(push.deliveries.last?.httpStatus == 200)
    }

    /// `count` mini programs authorized in WeChat and taken in by a sync (their details fetched,
    /// so they are known to be mini programs); their appids in order.
    func miniPrograms(_ count: Int) async throws -> [String] {
        let made = simulator.bulkCreateAccounts(count: count, authorize: true, kind: .miniProgram)
        _ = await app.sync.start()
        let status = await app.sync.wait()
        #expect(status.failed == 0)
        return made.appIDs
    }

    /// Passes until one finds nothing to do; at most `limit`.
    @discardableResult
    func drive(limit: Int = 40) async -> Int {
        var passes = 0
        while passes < limit, await app.releaseRunner.runOnce() > 0 { passes += 1 }
        await app.platform.forwarding?.settle()
        return passes
    }

    /// Delivers the outbox to the fake service until nothing is due.
    func deliver() async {
        while await app.deliveries!.runOnce() > 0 {}
    }

    func api(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        let response = try await network.send(WeChatHTTPRequest(
            method: method, url: URL(string: PlatformHarness.publicBaseURL + path)!, headers: ["Authorization": "Bearer " + apiKey],
            body: body.map { Data($0.utf8) }, timeout: 30))
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:])
    }

    /// Starts a rollout of `body` (a JSON object's text); returns its id.
    func startRollout(_ body: String) async throws -> String {
        let (status, json) = try await api("POST", "/api/v1/mini-program/releases", body: body)
        try #require(status == 202, "rollout not started: \(status) \(json)")
        return try #require(json["id"] as? String)
    }

    /// `GET /api/v1/mini-program/releases/{id}`, and its accounts by appid.
    func rollout(_ id: String) async throws -> (json: [String: Any], counts: [String: Int], accounts: [String: [String: Any]]) {
        let (status, json) = try await api("GET", "/api/v1/mini-program/releases/" + id)
        try #require(status == 200)
        let accounts = (json["accounts"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) {
            $0[$1["authorizer_appid"] as? String ?? ""] = $1
        }
        return (json, json["counts"] as? [String: Int] ?? [:], accounts)
    }

    /// Deliveries the service got for one type.
    func deliveries(_ type: String) -> [FakeService.Delivery] {
        service.deliveries.filter { $0.headers["X-Wxopen-Event"] == type }
    }
}

/// Values appended from any task, read by the test.
final class Recorded<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
