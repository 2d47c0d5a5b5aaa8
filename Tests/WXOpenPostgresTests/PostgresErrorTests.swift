import Testing
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// Failures that need no server: nothing listens on 127.0.0.1 port 1.
@Suite struct PostgresErrorTests {
    let logs = MemoryLogSink()

    @Test func unreachableServer_FailsAtOnce_SayingWhereAndWhy() async throws {
        await #expect {
            _ = try await PostgresSession.connect(try PostgresURL("postgresql://wxopen:hunter2-secret@127.0.0.1:1/wxopen"))
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("cannot connect to PostgreSQL as wxopen@127.0.0.1:1/wxopen: ")
                && text.contains("Connection refused") && !text.contains("hunter2")
        }
    }

    @Test func storeOpen_FailsClearly_WhenTheServerIsUnreachable() async throws {
        await #expect {
            _ = try await PostgresStore.open(
                url: "postgresql://wxopen:hunter2-secret@127.0.0.1:1/wxopen", logger: Logger(level: .debug, sink: logs), sleeper: Sleepers.none)
        } throws: { error in
            "\(error)".hasPrefix("cannot connect to PostgreSQL as wxopen@127.0.0.1:1/wxopen") && !"\(error)".contains("hunter2")
        }
        #expect(!logs.lines.joined().contains("hunter2"))
    }
}
