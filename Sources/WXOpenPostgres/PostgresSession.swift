import Dispatch
import Foundation
import WeChat

/// A connection with its own serial `DispatchQueue`: every libpq call (each blocks until the
/// server answers) runs there, and callers await it through a continuation, so no blocking call
/// ever holds one of Swift's cooperative threads. A serial queue per connection rather than a
/// thread per connection: the queue gives the same one-at-a-time use libpq needs, borrows a
/// Dispatch worker thread only while a command runs, and needs no run loop of our own.
///
/// A session is used by one task at a time (the pool hands it out exclusively); between two
/// awaits of that task the connection stays reserved, so a transaction can run Swift code (an
/// `updateAuthorizer` closure) between its statements on the caller's own task.
package final class PostgresSession: PoolableConnection {
    private let connection: PostgresConnection
    private let queue: DispatchQueue
    package let backendPID: Int32

    private init(connection: PostgresConnection, queue: DispatchQueue) {
        self.connection = connection
        self.queue = queue
        self.backendPID = connection.backendPID
    }

    package static func connect(_ url: PostgresURL, options: PostgresConnection.Options = .init()) async throws -> PostgresSession {
        let queue = DispatchQueue(label: "wxopen.postgres.connection")
        let connection = try await perform(on: queue) { try PostgresConnection.connect(url, options: options) }
        return PostgresSession(connection: connection, queue: queue)
    }

    @discardableResult
    package func query(_ sql: String, _ parameters: [any PostgresValue] = []) async throws -> PostgresRows {
        try await run { try $0.query(sql, parameters) }
    }

    /// SQL without values, written in our source (see `PostgresConnection.execute`).
    package func execute(_ sql: StaticString) async throws {
        try await run { try $0.execute(sql) }
    }

    package func execute(script sql: String) async throws {
        try await run { try $0.execute(script: sql) }
    }

    /// Runs `body` between `BEGIN` and `COMMIT`; any error rolls back and is rethrown.
    package func transaction<Value>(_ body: (PostgresSession) async throws -> Value) async throws -> Value {
        try await execute("BEGIN")
        do {
            let value = try await body(self)
            try await execute("COMMIT")
            return value
        } catch {
            // Fails only with the connection, which the pool then drops.
            try? await execute("ROLLBACK")
            throw error
        }
    }

    /// `pg_advisory_xact_lock` on a key derived from `name`: held until the transaction ends, so
    /// every instance serialises on the same name (a migration, an account with no row yet).
    package func lockForTransaction(_ name: String) async throws {
        try await query("SELECT pg_advisory_xact_lock($1::bigint)", [AdvisoryLock.key(name)])
    }

    /// Runs on the caller's thread, not the queue: it never blocks (a poll(2) with no timeout
    /// and a read of what is already there; libpq's sockets are non-blocking), and it is only
    /// called by the pool while it holds the session, with nothing queued on it: every `run` is
    /// awaited before the session goes back. This saves two queue hops per pooled call.
    package func isUsable() async -> Bool {
        connection.isUsable
    }

    package func close() async {
        _ = try? await run { $0.close() }
    }

    func run<Value: Sendable>(_ work: @escaping @Sendable (PostgresConnection) throws -> Value) async throws -> Value {
        try await PostgresSession.perform(on: queue) { [connection] in try work(connection) }
    }

    static func perform<Value: Sendable>(on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// Advisory lock keys: the first 8 bytes of SHA-256 of a name, so any instance derives the same
/// 64-bit key for the same name and distinct names practically never share one.
package enum AdvisoryLock {
    package static func key(_ name: String) -> Int64 {
        let digest = Crypto.sha256(Array("wxopen.lock\u{0}\(name)".utf8))
        return digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}
