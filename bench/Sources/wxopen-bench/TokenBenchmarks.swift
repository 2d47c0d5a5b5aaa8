import Foundation
import HTTPServer
import WeChat
import WeChatSimulator
import WXOpenCore
import WXOpenPostgres
import WXOpenSupport

/// The platform and a simulator in this process, one account authorized: what bench/tokens.sh
/// points wrk at. Tokens (the simulator's and ours) use the system clock. With a `storeURL`,
/// `instances` platforms share that database (each its own `PostgresStore` and caches), as
/// instances on several machines would; the simulator pushes to the first.
struct BenchPlatform {
    let simulator: WeChatSimulator
    let apps: [PlatformApp]
    let apiKey: String
    let storePath: String
    var app: PlatformApp { apps[0] }

    /// - Parameter port: the first platform's port (0: any).
    static func start(port: Int, concurrency: Int = 4, logLevel: Logger.Level = .info, storeURL: String? = nil,
                      instances: Int = 1) async throws -> BenchPlatform {
        typealias Demo = SimulatorConfiguration.Demo
        let platformPort = port == 0 ? try await freePort() : port
        var simulatorConfiguration = SimulatorConfiguration.demo(platformBaseURL: URL(string: "http://127.0.0.1:\(platformPort)")!, port: 0)
        simulatorConfiguration.ticketInterval = 0
        let logger = Logger(level: logLevel)
        let simulator = WeChatSimulator(configuration: simulatorConfiguration, logger: logger.with(["component": "simulator"]))
        try simulator.start()

        let (apiKey, hash) = APIKeyAuthenticator.makeKey()
        var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                           token: Demo.token, encodingAESKey: Demo.encodingAESKey))
        configuration.server.port = platformPort
        configuration.server.publicBaseURL = "http://127.0.0.1:\(platformPort)"
        configuration.wechat.apiBaseURL = simulator.baseURL.absoluteString
        configuration.wechat.mpBaseURL = simulator.baseURL.absoluteString
        configuration.wechat.openBaseURL = simulator.baseURL.absoluteString
        configuration.wechat.timeoutSeconds = 30
        configuration.tokens.refreshConcurrency = concurrency
        let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("wxopen-bench-\(UUID().uuidString)").path
        configuration.store.path = storePath
        configuration.apiKeys = [.init(name: "bench", sha256: hash)]
        var apps: [PlatformApp] = []
        for instance in 0 ..< (storeURL == nil ? 1 : max(1, instances)) {
            if instance > 0 { configuration.server.port = try await freePort() }
            let store: (any Store)? = if let storeURL {
                try await PostgresStore.open(url: storeURL, key: try StoreBench.keyFromEnvironment(), componentAppID: Demo.componentAppID,
                                             logger: logger, configuration: .init(maxConnections: 8, applicationName: "wxopen-bench-\(instance)"))
            } else {
                nil
            }
            let app = try await PlatformApp.open(configuration: configuration, logger: logger.with(["component": "platform", "instance": "\(instance)"]),
                                                 environment: [:], store: store)
            try app.start(refresh: false)
            apps.append(app)
        }
        _ = await simulator.pushTicket()
        return BenchPlatform(simulator: simulator, apps: apps, apiKey: apiKey, storePath: storePath)
    }

    func stop() async {
        for app in apps { await app.shutdown() }
        await simulator.shutdown()
        try? FileManager.default.removeItem(atPath: storePath)
    }

    static func freePort() async throws -> Int {
        let probe = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), router: Router(), logger: .discard)
        try probe.start()
        let port = probe.port
        await probe.shutdown()
        return port
    }
}

/// `wxopen-bench tokens-server [--port P] [--store-url U --instances N]`: prints `ready url=… key=…
/// appid=…` (and `instance url=…` for each further instance) once an account is authorized and
/// its token warm everywhere, then serves until SIGTERM. Logs at info, as `wxopen serve` does by
/// default: every request's access-log line goes to standard error.
func tokensServer(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port", "store-url", "instances"],
                                          usage: "wxopen-bench tokens-server [--port P] [--store-url U --instances N]") else { return 2 }
    do {
        let bench = try await BenchPlatform.start(port: options.int("port", default: 0), logLevel: .info,
                                                  storeURL: options.string("store-url"), instances: options.int("instances", default: 1))
        let appID = "wx8f3c2a1b5d6e7f90"
        _ = try await bench.simulator.authorize(appID: appID, sendPush: true)
        for app in bench.apps { _ = try await app.tokens.accessToken(appID: appID) }
        for app in bench.apps.dropFirst() { StoreBench.emit("instance url=http://127.0.0.1:\(app.server.port)") }
        StoreBench.emit("ready url=http://127.0.0.1:\(bench.app.server.port) key=\(bench.apiKey) appid=\(appID)")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            ProcessSignals.onTermination { _ in continuation.resume() }
        }
        await bench.stop()
        return 0
    } catch {
        print("tokens-server failed: \(error)")
        return 1
    }
}
