import Synchronization
import WXOpenSupport

/// What every event loop of one server shares: configuration, routes, logging, and the
/// connection count that enforces the cap across loops.
final class ServerContext: Sendable {
    let configuration: HTTPServer.Configuration
    let router: Router
    let logger: Logger
    let observer: (@Sendable (CompletedRequest) -> Void)?
    let maxConnections: Int
    private let active = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)

    init(configuration: HTTPServer.Configuration, router: Router, logger: Logger,
         observer: (@Sendable (CompletedRequest) -> Void)?, maxConnections: Int) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.observer = observer
        self.maxConnections = maxConnections
    }

    var activeConnections: Int { active.load(ordering: .relaxed) }
    var isDraining: Bool { draining.load(ordering: .relaxed) }
    func beginDraining() { draining.store(true, ordering: .relaxed) }

    func reserveConnectionSlot() -> Bool {
        var current = active.load(ordering: .relaxed)
        while current < maxConnections {
            let (exchanged, original) = active.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func releaseConnectionSlot() { active.subtract(1, ordering: .relaxed) }

    /// Runs a route's handler; what it throws is answered as `Router.response(for:…)` says.
    func invoke(_ route: Router.Route, _ request: HTTPRequest) async -> HTTPResponse {
        await route.run(request, logger: logger)
    }
}

/// One finished request, for metrics.
public struct CompletedRequest: Sendable {
    public var method: String
    /// The route pattern (`/api/v1/authorizers/:appid`), or nil when no route matched.
    public var route: String?
    public var status: Int
    public var bodyBytes: Int
    public var duration: Double
    /// The event loop (0, 1, …) that served it: an observer can keep one tally per loop.
    public var eventLoop: Int
}
