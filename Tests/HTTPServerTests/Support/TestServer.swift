import Foundation
@testable import HTTPServer
import WXOpenSupport
import WXOpenTesting

/// Starts a server on 127.0.0.1, port 0, for one test; `stop()` shuts it down.
struct TestServer {
    let server: HTTPServer
    let logs = MemoryLogSink()
    var port: Int { server.port }

    init(router: Router, configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws {
        var configuration = HTTPServer.Configuration.forTests(eventLoops: 2)
        configure(&configuration)
        server = HTTPServer(configuration: configuration, router: router, logger: Logger(level: .info, sink: logs))
        try server.start()
    }

    func client() throws -> RawHTTPClient { try RawHTTPClient(port: port) }
    func stop(gracePeriod: Duration = .seconds(2)) async { await server.shutdown(gracePeriod: gracePeriod) }
}

/// A one-shot signal a test can await, set from a handler.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var opened = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        lock.lock()
        opened = true
        let toResume = waiters
        waiters = []
        lock.unlock()
        toResume.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if opened { lock.unlock(); continuation.resume(); return }
            waiters.append(continuation)
            lock.unlock()
        }
    }
}
