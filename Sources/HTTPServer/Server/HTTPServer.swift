import Dispatch
import Foundation
import Glibc
import Synchronization
import WXOpenSupport

/// An HTTP/1.1 server on non-blocking sockets and epoll, one event loop per core.
///
///     var router = Router()
///     router.get("/healthz") { _ in .text("ok\n") }
///     let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), router: router, logger: logger)
///     try server.start()
///     print(server.port)
///     …
///     await server.shutdown()
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    private let context: ServerContext
    private let state = Mutex<State>(State())
    private let stopped = Mutex<[CheckedContinuation<Void, Never>]>([])

    private struct State: @unchecked Sendable {
        var loops: [EventLoop] = []
        var listenFD: Int32 = -1
        var port = 0
        var phase = Phase.idle
    }

    private enum Phase { case idle, running, stopping, stopped }

    /// - Parameter observer: told about every completed request (for metrics); runs on an event loop, keep it cheap.
    public init(configuration: Configuration, router: Router, logger: Logger,
                observer: (@Sendable (CompletedRequest) -> Void)? = nil) {
        signal(SIGPIPE, SIG_IGN)
        let fileLimit = Socket.raiseFileLimit()
        // Leave room for the store, log files and upstream connections.
        let cap = max(16, min(configuration.maxConnections, fileLimit - 128))
        self.configuration = configuration
        self.context = ServerContext(configuration: configuration, router: router, logger: logger,
                                     observer: observer, maxConnections: cap)
        if cap < configuration.maxConnections {
            logger.warning("connection_cap_lowered", ["configured": "\(configuration.maxConnections)", "effective": "\(cap)",
                                                      "reason": "open-file limit \(fileLimit); raise it with ulimit -n"])
        }
    }

    /// The routes this server answers with; tests call `router.respond(to:)` without sockets.
    public var router: Router { context.router }

    /// The bound port (useful with port 0). Valid after `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// Binds, listens and starts the event loops. Throws when the address cannot be bound.
    public func start() throws(SocketError) {
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        var loops: [EventLoop] = []
        do {
            for index in 0..<max(1, configuration.eventLoops) { loops.append(try EventLoop(id: index, context: context)) }
        } catch {
            close(fd)
            throw error
        }
        state.withLock {
            $0.loops = loops
            $0.listenFD = fd
            $0.port = port
            $0.phase = .running
        }
        for loop in loops { loop.start(listenFD: fd) }
        context.logger.info("http_listening", ["host": configuration.host, "port": "\(port)", "loops": "\(loops.count)",
                                              "max_connections": "\(context.maxConnections)"])
    }

    /// Stops accepting, lets in-flight requests finish within the grace period, then closes
    /// everything. Safe to call more than once; every caller returns once the server is stopped.
    public func shutdown(gracePeriod: Duration? = nil) async {
        let (loops, listenFD, first) = state.withLock { state -> ([EventLoop], Int32, Bool) in
            let first = state.phase == .running
            if first { state.phase = .stopping }
            return (state.loops, state.listenFD, first)
        }
        guard first else { return await waitUntilStopped() }
        context.beginDraining()
        context.logger.info("http_draining", ["connections": "\(context.activeConnections)"])
        await onLoops(loops) { $0.beginDraining() }
        close(listenFD)
        let deadline = ContinuousClock.now + (gracePeriod ?? configuration.shutdownGracePeriod)
        while context.activeConnections > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let abandoned = context.activeConnections
        for loop in loops { loop.execute { loop.stop() } }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                for loop in loops { loop.join() }
                continuation.resume()
            }
        }
        state.withLock { $0.phase = .stopped; $0.loops = [] }
        context.logger.info("http_stopped", ["abandoned_connections": "\(abandoned)"])
        for waiter in stopped.withLock({ waiters in defer { waiters = [] }; return waiters }) { waiter.resume() }
    }

    /// Returns once `shutdown` has finished.
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { $0.phase == .stopped || $0.phase == .idle }
            if done { return continuation.resume() }
            stopped.withLock { $0.append(continuation) }
            // Shutdown may have completed between the check and the append.
            if state.withLock({ $0.phase == .stopped }) {
                for waiter in stopped.withLock({ waiters in defer { waiters = [] }; return waiters }) { waiter.resume() }
            }
        }
    }

    /// Open connections right now.
    public var connectionCount: Int { context.activeConnections }

    private func onLoops(_ loops: [EventLoop], _ work: @escaping @Sendable (EventLoop) -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for loop in loops {
                group.addTask {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        loop.execute {
                            work(loop)
                            continuation.resume()
                        }
                    }
                }
            }
        }
    }
}
