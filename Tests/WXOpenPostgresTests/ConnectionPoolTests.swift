import Synchronization
import Testing
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// The pool's rules, with fake connections: no server needed.
@Suite struct ConnectionPoolTests {
    let connector = FakeConnector()
    let logs = MemoryLogSink()

    func makePool(max: Int, sleeper: @escaping Sleeper = Sleepers.none) -> ConnectionPool<FakeConnection> {
        ConnectionPool(configuration: .init(maxConnections: max), server: "fake", logger: Logger(level: .debug, sink: logs),
                       sleeper: sleeper) { [connector] in try connector.connect() }
    }

    /// Holds a connection in a task until `release` yields (then breaks it, if asked); returns its id.
    func hold(_ pool: ConnectionPool<FakeConnection>, until release: AsyncStream<Void>, thenBreak: Bool = false) -> Task<Int, any Error> {
        Task {
            try await pool.withConnection { connection in
                for await _ in release { break }
                if thenBreak { connection.breakIt() }
                return connection.id
            }
        }
    }

    @Test func opensAtMostMaxConnections_AndServesWaitersFirstComeFirstServed() async throws {
        let pool = makePool(max: 2)
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let holders = [hold(pool, until: gate), hold(pool, until: gate)]
        #expect(try await eventually { pool.counts.open == 2 && connector.attempts == 2 })
        let order = Shared<[String]>([])
        let first = Task { try await pool.withConnection { connection in order.update { $0.append("first") }; return connection.id } }
        #expect(try await eventually { pool.counts.waiting == 1 })
        let second = Task { try await pool.withConnection { connection in order.update { $0.append("second") }; return connection.id } }
        #expect(try await eventually { pool.counts.waiting == 2 })

        open.yield()
        open.yield()
        let held = Set([try await holders[0].value, try await holders[1].value])
        #expect(held == [1, 2])
        #expect(held.contains(try await first.value))
        #expect(held.contains(try await second.value))
        #expect(order.value == ["first", "second"])
        #expect(connector.attempts == 2)
        #expect(pool.counts.open == 2)
        #expect(pool.counts.idle == 2)
    }

    @Test func brokenConnection_IsDroppedOnReturn_AndTheNextCallerGetsAFreshOne() async throws {
        let pool = makePool(max: 1)
        let broken = try await pool.withConnection { connection in
            connection.breakIt()
            return connection
        }
        #expect(broken.isClosed)
        #expect(pool.counts.open == 0)
        #expect(try await pool.withConnection { $0.id } == 2)
        #expect(logs.contains("event=postgres_connection_dropped"))
    }

    @Test func idleConnectionThatDied_IsReplaced_BeforeItIsHandedOut() async throws {
        let pool = makePool(max: 1)
        let idle = try await pool.withConnection { $0 }
        idle.breakIt()
        #expect(try await pool.withConnection { $0.id } == 2)
        #expect(idle.isClosed)
        #expect(pool.counts == (1, 1, 0))
    }

    @Test func brokenConnection_PassesItsPlaceToAWaiter_WhoOpensANewOne() async throws {
        let pool = makePool(max: 1)
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let holder = hold(pool, until: gate, thenBreak: true)
        #expect(try await eventually { connector.attempts == 1 })
        let waiter = Task { try await pool.withConnection { $0.id } }
        #expect(try await eventually { pool.counts.waiting == 1 })
        open.yield()
        #expect(try await holder.value == 1)
        #expect(try await waiter.value == 2)
        #expect(pool.counts == (1, 1, 0))
    }

    @Test func outage_FailsCallersFast_ReconnectsWithDoublingWaitsUpToTheCap_AndRecovers() async throws {
        let sleeps = RecordingSleeper(held: true)
        let pool = makePool(max: 2, sleeper: sleeps.sleeper)
        connector.fail(next: 7)
        await #expect(throws: PostgresError.connectionFailed(server: "fake", message: "refused attempt 1")) {
            try await pool.withConnection { _ in }
        }
        // The reconnect task waits; meanwhile callers fail at once, without a connect attempt.
        #expect(try await eventually { sleeps.waits.count == 1 })
        await #expect(throws: PostgresError.unavailable(server: "fake", message: "refused attempt 1")) {
            try await pool.withConnection { _ in }
        }
        #expect(connector.attempts == 1)

        sleeps.release()
        #expect(try await eventually { pool.counts.idle == 1 })
        #expect(sleeps.waits == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                                 .milliseconds(1600), .seconds(2), .seconds(2)])
        #expect(try await pool.withConnection { $0.id } == 8)
        #expect(connector.attempts == 8)
        #expect(logs.lines.filter { $0.contains("event=postgres_unavailable") }.count == 1)
        #expect(logs.lines.contains { $0.contains("event=postgres_reconnected") && $0.hasSuffix("server=fake failed_attempts=7") })
    }

    @Test func queuedCallers_FailAtOnce_WhenAConnectFails() async throws {
        let pool = makePool(max: 1, sleeper: RecordingSleeper(held: true).sleeper)
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let holder = hold(pool, until: gate, thenBreak: true)
        #expect(try await eventually { connector.attempts == 1 })
        let first = Task { try await pool.withConnection { $0.id } }
        #expect(try await eventually { pool.counts.waiting == 1 })
        let second = Task { try await pool.withConnection { $0.id } }
        #expect(try await eventually { pool.counts.waiting == 2 })
        connector.fail(next: 100)
        open.yield()
        #expect(try await holder.value == 1)
        // The first waiter took the broken connection's place and failed to connect; the second
        // failed with it rather than waiting behind a dead server.
        await #expect(throws: PostgresError.connectionFailed(server: "fake", message: "refused attempt 2")) { try await first.value }
        await #expect(throws: PostgresError.unavailable(server: "fake", message: "refused attempt 2")) { try await second.value }
        #expect(pool.counts.open == 0)
    }

    @Test func cancelledWaiter_LeavesTheQueue_AndLosesNoConnection() async throws {
        let pool = makePool(max: 1)
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let holder = hold(pool, until: gate)
        #expect(try await eventually { connector.attempts == 1 })
        let waiter = Task { try await pool.withConnection { $0.id } }
        #expect(try await eventually { pool.counts.waiting == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.counts.waiting == 0)
        open.yield()
        #expect(try await holder.value == 1)
        #expect(pool.counts == (1, 1, 0))
    }

    @Test func close_FailsWaiters_ClosesConnections_AndRefusesLaterCalls() async throws {
        let pool = makePool(max: 1)
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let held = Shared<FakeConnection?>(nil)
        let holder = Task {
            try await pool.withConnection { connection in
                held.update { $0 = connection }
                for await _ in gate { break }
            }
        }
        #expect(try await eventually { held.value != nil })
        let waiter = Task { try await pool.withConnection { $0.id } }
        #expect(try await eventually { pool.counts.waiting == 1 })
        await pool.close()
        await #expect(throws: PostgresError.closed) { try await waiter.value }
        open.yield()
        try await holder.value
        #expect(held.value?.isClosed == true)
        #expect(pool.counts.open == 0)
        await #expect(throws: PostgresError.closed) { try await pool.withConnection { _ in } }
    }

    @Test func backoff_DoublesFromTheInitialWait_UpToTheMaximum() {
        let backoff = Backoff(initial: .milliseconds(250), maximum: .seconds(3))
        #expect((1 ... 6).map(backoff.delay(afterFailures:)) == [
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3),
        ])
        #expect(backoff.delay(afterFailures: 0) == .milliseconds(250))
        #expect(backoff.delay(afterFailures: 10_000) == .seconds(3))
    }
}
