import Foundation
import HTTPServer
import WeChat
import WeChatSimulator
import WXOpenCore
import WXOpenSupport

/// The platform and a simulator in this process, one account authorized: what bench/tokens.sh
/// points wrk at. Tokens (the simulator's and ours) use the system clock.
struct BenchPlatform {
    let simulator: WeChatSimulator
    let app: PlatformApp
    let apiKey: String
    let storePath: String

    /// - Parameter port: the platform's port (0: any).
    static func start(port: Int, concurrency: Int = 4, logLevel: Logger.Level = .info) async throws -> BenchPlatform {
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
        let app = try await PlatformApp.open(configuration: configuration, logger: logger.with(["component": "platform"]),
                                             environment: [:])
        try app.start(refresh: false)
        _ = await simulator.pushTicket()
        return BenchPlatform(simulator: simulator, app: app, apiKey: apiKey, storePath: storePath)
    }

    func stop() async {
        await app.shutdown()
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

/// `wxopen-bench tokens-server [--port P]`: prints `ready url=… key=… appid=…` once an account is
/// authorized and its token warm, then serves until SIGTERM. Logs at info, as `wxopen serve` does
/// by default: every request's access-log line goes to standard error.
func tokensServer(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["port"], usage: "wxopen-bench tokens-server [--port P]") else { return 2 }
    do {
        let bench = try await BenchPlatform.start(port: options.int("port", default: 0), logLevel: .info)
        let appID = "wx8f3c2a1b5d6e7f90"
        _ = try await bench.simulator.authorize(appID: appID, sendPush: true)
        _ = try await bench.app.tokens.accessToken(appID: appID)
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
