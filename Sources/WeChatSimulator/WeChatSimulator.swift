import Foundation
import HTTPServer
import Synchronization
import WeChat
import WXOpenSupport

/// A stand-in for WeChat's servers that speaks the real protocol over real HTTP, for tests,
/// the demo and benchmarks. One server answers for all three WeChat hosts (api, mp, open):
/// their paths do not collide, so the platform points every base URL at `baseURL`.
///
///     let simulator = WeChatSimulator(configuration: .demo(platformBaseURL: platform), clock: clock, logger: logger)
///     try simulator.start()
///     let endpoints = WeChatEndpoints(baseURL: simulator.baseURL)
///     …
///     await simulator.shutdown()
///
/// Its answers are written from the protocol reference by hand, never through the client's
/// models, so a client that disagrees with WeChat fails against it. Control endpoints under
/// `/simulator/…` (and the same operations as methods) let tests inject failures, move time,
/// trigger pushes and read what the platform sent.
public final class WeChatSimulator: Sendable {
    public let configuration: SimulatorConfiguration
    /// The injected clock plus an adjustable offset; every expiry is judged on it.
    public let clock: SimulatorClock
    let logger: Logger
    let state: Mutex<SimulatorState>
    let crypto: MessageCrypto
    let pushSender: PushSender
    /// How the simulator reaches the platform: pushes, and the sample app's API calls.
    let platformTransport: any WeChatTransport
    let background = TaskRegistry()
    private let configurationProblem: String?
    private let runtime = Mutex<Runtime>(Runtime())

    private struct Runtime: Sendable {
        var server: HTTPServer?
        var ticker: Task<Void, Never>?
    }

    /// - Parameter pushTransport: how pushes and messages reach the platform; default real HTTP.
    ///   Tests pass one that calls the platform's router in-process.
    public init(configuration: SimulatorConfiguration, clock: any WallClock = SystemClock(), logger: Logger,
                pushTransport: any WeChatTransport = URLSessionTransport()) {
        self.configuration = configuration
        let clock = SimulatorClock(base: clock)
        self.clock = clock
        self.logger = logger.with(["component": "wechat_simulator"])
        state = Mutex(SimulatorState(settings: configuration))
        let key = try? EncodingAESKey(configuration.encodingAESKey)
        configurationProblem = key == nil
            ? (EncodingAESKey.validate(configuration.encodingAESKey) ?? "EncodingAESKey is not valid base64") : nil
        // An invalid key is reported by start(); the placeholder only keeps this initializer total.
        crypto = MessageCrypto(token: configuration.token, encodingAESKey: key ?? Self.placeholderKey,
                               appID: configuration.componentAppID)
        pushSender = PushSender(crypto: crypto, configuration: configuration, clock: clock, logger: self.logger,
                                transport: pushTransport)
        platformTransport = pushTransport
    }

    private static let placeholderKey: EncodingAESKey = {
        guard let key = try? EncodingAESKey(String(repeating: "A", count: EncodingAESKey.length)) else {
            preconditionFailure("the placeholder EncodingAESKey is valid")
        }
        return key
    }()

    /// Binds `configuration.host`/`port`, serves, and starts the ticket pusher (first push at
    /// once, then every `ticketInterval`; none when it is 0).
    public func start() throws {
        if let configurationProblem { throw SimulatorError.invalidConfiguration(configurationProblem) }
        var serverConfiguration = HTTPServer.Configuration(host: configuration.host, port: configuration.port)
        serverConfiguration.eventLoops = max(1, configuration.eventLoops)
        serverConfiguration.handlerTimeout = .seconds(120)
        serverConfiguration.shutdownGracePeriod = .seconds(2)
        let server = HTTPServer(configuration: serverConfiguration, router: makeRouter(), logger: logger)
        try server.start()
        runtime.withLock { $0.server = server }
        logger.info("simulator_started", ["url": baseURL.absoluteString, "accounts": "\(state.withLock { $0.accounts.order.count })"])
        if configuration.ticketInterval > 0 { startTicker(every: configuration.ticketInterval) }
        if configuration.auditDecisionDelay != nil {
            // Reviews due are approved and pushed within a second of real time.
            background.spawn { [self] in
                while !Task.isCancelled {
                    await settleAudits()
                    do { try await Task.sleep(for: .seconds(1)) } catch { return }
                }
            }
        }
    }

    /// The bound port; 0 before `start()`.
    public var port: Int { runtime.withLock { $0.server?.port ?? 0 } }

    /// `http://HOST:PORT`, the base URL of all three WeChat hosts.
    public var baseURL: URL {
        let host = configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host
        return URL(string: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)")!
    }

    /// Stops the ticket pusher and background pushes, then the server.
    public func shutdown() async {
        let (server, ticker) = runtime.withLock { runtime in
            defer { runtime.ticker = nil }
            return (runtime.server, runtime.ticker)
        }
        ticker?.cancel()
        background.cancelAll()
        pushSender.cancelRetries()
        await server?.shutdown(gracePeriod: .seconds(2))
    }

    /// Every route: WeChat's API, its pages, and the simulator's own control and console.
    public func makeRouter() -> Router {
        var router = Router()
        router.merge(componentAPIRoutes())
        router.merge(authorizerAPIRoutes())
        router.merge(accountAPIRoutes())
        router.merge(webAuthorizationAPIRoutes())
        router.merge(miniProgramAPIRoutes())
        router.merge(openAPIRoutes())
        router.merge(templateAPIRoutes())
        router.merge(codeAPIRoutes())
        router.merge(optionAPIRoutes())
        router.merge(authorizationPageRoutes())
        router.merge(webAuthorizationPageRoutes())
        router.merge(controlRoutes())
        router.merge(actingControlRoutes())
        router.merge(codeControlRoutes())
        router.merge(consolePageRoutes())
        if let sampleApp = configuration.sampleApp {
            router.merge(SampleAppRoutes(app: sampleApp, transport: platformTransport, accounts: self).router())
        }
        return router
    }

    private func startTicker(every interval: TimeInterval) {
        let task = Task { [self] in
            while !Task.isCancelled {
                await pushTicket()
                do { try await Task.sleep(for: .milliseconds(Int(interval * 1000))) } catch { return }
            }
        }
        runtime.withLock { $0.ticker = task }
    }

    /// Runs `body` on the state under its lock, with WeChat's errors passed through.
    func withState<T: Sendable>(_ body: (inout SimulatorState) throws(APIError) -> T) throws(APIError) -> T {
        let result: Result<T, APIError> = state.withLock { state in
            do throws(APIError) { return .success(try body(&state)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Wraps an API handler: counts the call, applies latency and injected faults, and turns
    /// `APIError` into WeChat's error answer.
    func api(_ endpoint: String, _ handler: @escaping @Sendable (HTTPRequest) async throws -> JSONValue) -> Router.Handler {
        api(endpoint, response: { APIResponse.json(try await handler($0)) })
    }

    /// `api` for an endpoint whose success is not JSON (`wxa/get_qrcode` answers an image).
    func api(_ endpoint: String, response handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) -> Router.Handler {
        { [self] request in
            let (fault, latency) = state.withLock { $0.beginCall(endpoint) }
            if latency > 0 { try? await Task.sleep(for: .milliseconds(Int(latency * 1000))) }
            switch fault {
            case .errcode(let errcode, let errmsg):
                return failure(APIError(errcode, errmsg), for: request, endpoint: endpoint)
            case .httpStatus(let status):
                return .text("simulated HTTP \(status)\n", status: HTTPStatus(status))
            case .malformedJSON:
                return HTTPResponse(status: .ok, headers: ["Content-Type": APIResponse.contentType],
                                    body: Data(#"{"errcode":0,"errmsg":"ok","#.utf8))
            case .delay(let seconds):
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            case nil:
                break
            }
            do {
                return try await handler(request)
            } catch let error as APIError {
                return failure(error, for: request, endpoint: endpoint)
            }
        }
    }

    /// Counts a page view under `name`; pages get no injected faults.
    func counted(_ name: String, _ handler: @escaping Router.Handler) -> Router.Handler {
        { [self] request in
            state.withLock { $0.counters[name, default: 0] += 1 }
            return try await handler(request)
        }
    }
}
