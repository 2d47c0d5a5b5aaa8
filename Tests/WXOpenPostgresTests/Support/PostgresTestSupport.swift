import Foundation
import Synchronization
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// Runs `body` with a session of its own on `url`, closed afterwards.
@discardableResult
func withSession<Result>(_ url: String, applicationName: String = "wxopen-tests",
                         _ body: (PostgresSession) async throws -> Result) async throws -> Result {
    let session = try await PostgresSession.connect(try PostgresURL(url), options: .init(applicationName: applicationName))
    do {
        let result = try await body(session)
        await session.close()
        return result
    } catch {
        await session.close()
        throw error
    }
}

/// A pool over real connections, as the store makes one.
func makePool(_ url: String, max: Int = 2, logs: MemoryLogSink = MemoryLogSink(), applicationName: String = "wxopen-tests")
    throws -> ConnectionPool<PostgresSession> {
    let parsed = try PostgresURL(url)
    return ConnectionPool(configuration: .init(maxConnections: max), server: parsed.server, logger: Logger(level: .debug, sink: logs),
                          sleeper: Sleepers.none) {
        try await PostgresSession.connect(parsed, options: .init(applicationName: applicationName))
    }
}

/// Ends every server process of `applicationName` (what a crash or `pg_terminate_backend` by an
/// operator does), from a connection of its own, and waits until they are gone; returns how many
/// it ended. (A client that reconnects at once under the same name is not waited for.)
@discardableResult
func terminateBackends(_ url: String, applicationName: String) async throws -> Int {
    try await withSession(url, applicationName: "wxopen-tests-admin") { admin in
        let ended = try await admin.query(
            // In the select list, so it runs only for the rows the WHERE kept.
            "SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1", [applicationName])
            .map { try $0.decode("pid", as: Int.self) }
        let gone = try await eventually {
            try await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ANY($1::bigint[])", [ended])
                .first?.decode("n", as: Int.self) == 0
        }
        guard gone else { throw PostgresError.unexpectedResult("the terminated server processes did not end within 10 s") }
        return ended.count
    }
}

/// A name no other test uses, for `application_name`.
func uniqueName(_ prefix: String) -> String {
    prefix + "-" + UUID().uuidString.prefix(8).lowercased()
}

/// Waits for `condition`, checking every few milliseconds, for at most `seconds`: for states
/// reached by other tasks, never for timing to be "long enough".
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}

/// A value tasks share in a test.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
}
