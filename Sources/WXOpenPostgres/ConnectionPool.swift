import Synchronization
import WXOpenSupport

/// What the pool needs of a connection.
package protocol PoolableConnection: AnyObject, Sendable {
    /// Whether the connection can take a command now, checked without a round trip before it is
    /// handed out and after each use (a broken one, or one left inside a transaction, is dropped).
    func isUsable() async -> Bool
    func close() async
}

/// A fixed number of connections shared by every caller (`Configuration.maxConnections`).
///
/// `withConnection` takes an idle connection, or opens one while fewer than the maximum exist,
/// or queues the caller (first come, first served) until one is returned. A connection that
/// broke is dropped, and the next caller opens a fresh one. When opening fails, the pool is in
/// an outage: every queued and new caller fails at once with `PostgresError.unavailable` (a push
/// goes unacknowledged and WeChat retries, rather than piling up behind a dead server) while one
/// background task reconnects after 100 ms, 200 ms, 400 ms … up to 2 s (`Backoff`), waiting with the
/// injected `Sleeper`; the first success ends the outage.
package final class ConnectionPool<Connection: PoolableConnection>: Sendable {
    package struct Configuration: Sendable {
        /// Default: 4.
        package var maxConnections: Int
        /// The waits between reconnect attempts during an outage. Default: 100 ms doubling to 2 s.
        package var backoff: Backoff

        package init(maxConnections: Int = 4, backoff: Backoff = Backoff()) {
            precondition(maxConnections > 0, "ConnectionPool: maxConnections must be positive")
            self.maxConnections = maxConnections
            self.backoff = backoff
        }
    }

    package typealias Connector = @Sendable () async throws -> Connection

    package let configuration: Configuration
    /// `user@host:port/db`, for errors and logs.
    package let server: String
    let connector: Connector
    let logger: Logger
    let sleeper: Sleeper
    let state = Mutex(PoolState<Connection>())

    package init(configuration: Configuration = .init(), server: String, logger: Logger, sleeper: @escaping Sleeper,
                 connector: @escaping Connector) {
        self.configuration = configuration
        self.server = server
        self.connector = connector
        self.logger = logger.with(["component": "postgres"])
        self.sleeper = sleeper
    }

    /// Runs `body` with a connection it has to itself until it returns.
    package func withConnection<Value>(_ body: (Connection) async throws -> Value) async throws -> Value {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            await release(connection)
            return value
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Refuses new callers, fails the queued ones, stops reconnecting and closes idle
    /// connections; connections in use close when they are returned.
    package func close() async {
        let (idle, waiters, reviver) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = []; state.reviver = nil }
            state.open -= state.idle.count
            return (state.idle, state.waiters, state.reviver)
        }
        reviver?.cancel()
        for waiter in waiters { waiter.continuation.resume(throwing: PostgresError.closed) }
        for connection in idle { await connection.close() }
    }

    /// Connections open or being opened, those idle, and callers queued (for tests and metrics).
    package var counts: (open: Int, idle: Int, waiting: Int) { state.withLock { ($0.open, $0.idle.count, $0.waiters.count) } }

    // MARK: Acquire and release

    private func acquire() async throws -> Connection {
        while true {
            switch try await grant() {
            case .use(let connection):
                if await connection.isUsable() { return connection }
                await discard(connection, reason: "the server closed it")
            case .open:
                do {
                    let connection = try await connector()
                    endOutage()
                    return connection
                } catch {
                    connectFailed(error)
                    throw error
                }
            }
        }
    }

    /// An idle connection, leave to open one, or a place in the queue: decided under one lock,
    /// so a connection returned meanwhile is never missed.
    private func grant() async throws -> PoolState<Connection>.Grant {
        let id = state.withLock { $0.makeWaiterID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let decided = state.withLock { state in
                    state.grant(waiterID: id, maxConnections: configuration.maxConnections, continuation: continuation)
                }
                if let decided { continuation.resume(with: decided.mapError { self.poolError($0) }) }
            }
        } onCancel: {
            state.withLock { $0.removeWaiter(id: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(_ connection: Connection) async {
        let usable = await connection.isUsable()
        if !usable { await connection.close() }
        let action = state.withLock { $0.release(connection, usable: usable) }
        switch action {
        case .resume(let waiter, let grant): waiter.continuation.resume(returning: grant)
        case .close: await connection.close()
        case .none: break
        }
        if !usable { logger.warning("postgres_connection_dropped", ["server": server, "reason": "broken or left inside a transaction"]) }
    }

    private func discard(_ connection: Connection, reason: String) async {
        await connection.close()
        let action = state.withLock { $0.release(connection, usable: false) }
        if case .resume(let waiter, let grant) = action { waiter.continuation.resume(returning: grant) }
        logger.warning("postgres_connection_dropped", ["server": server, "reason": reason])
    }

    func poolError(_ failure: PoolState<Connection>.Failure) -> any Error {
        switch failure {
        case .closed: PostgresError.closed
        case .cancelled: CancellationError()
        case .outage(let error): PostgresError.unavailable(server: server, message: ConnectionPool.message(of: error))
        }
    }

    static func message(of error: any Error) -> String {
        if case PostgresError.connectionFailed(_, let message) = error { return message }
        return "\(error)"
    }
}
