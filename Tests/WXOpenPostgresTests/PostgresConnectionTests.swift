import Testing
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// The connection layer against a real server (`WXOPEN_TEST_POSTGRES_URL`).
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct PostgresConnectionTests {
    let url = PostgresTestDatabase.url ?? ""

    @Test func badPassword_FailsClearly_WithoutThePassword() async throws {
        var wrong = try PostgresURL(url)
        wrong.password = "wrong-Password-7f3a"
        let target = wrong
        await #expect {
            _ = try await PostgresSession.connect(target)
        } throws: { error in
            let text = "\(error)" + String(reflecting: error)
            guard case PostgresError.connectionFailed(let server, let message) = error else { return false }
            return server == target.server && message.contains("password authentication failed for user")
                && text.contains("check the user and password in the store URL") && !text.contains("wrong-Password-7f3a")
        }
    }

    @Test func parameters_RoundTrip_WhateverTheyHold() async throws {
        let values = [
            "O'Brien", "'; DROP TABLE schema_migrations; --", "$1 and $2", "back\\slash \\x00", "\"double\"", "",
            "微信开放平台 第三方平台", "e\u{301} vs é", "😀👍🏽", String(repeating: "long'", count: 20_000),
        ]
        try await withSession(url) { session in
            for value in values {
                let rows = try await session.query("SELECT $1::text AS value, length($1::text) AS length", [value])
                #expect(try rows.first?.decode("value", as: String.self) == value)
                #expect(try rows.first?.decode("length", as: Int.self) == value.unicodeScalars.count)
            }
            let typed = try await session.query(
                "SELECT $1::bigint AS big, $2::float8 AS double, $3::boolean AS flag, $4::bigint[] AS list, $5::text AS none",
                [Int64.max, 0.1 + 0.2, true, [3, -1, 0], String?.none])
            let row = try #require(typed.first)
            #expect(try row.decode("big", as: Int64.self) == Int64.max)
            #expect(try row.decode("double", as: Double.self) == 0.1 + 0.2)
            #expect(try row.decode("flag", as: Bool.self))
            #expect(try row.decode("list", as: [Int].self) == [3, -1, 0])
            #expect(try row.decode("none", as: String?.self) == nil)
        }
    }

    @Test func textWithANul_IsRefusedBeforeSending_AndTheConnectionStaysUsable() async throws {
        try await withSession(url) { session in
            let refused = PostgresError.invalidParameter(index: 2, reason: "it contains a NUL character, which PostgreSQL text cannot hold")
            await #expect(throws: refused) {
                try await session.query("SELECT $1::text, $2::text", ["fine", "not\u{0}fine"])
            }
            #expect(await session.isUsable())
            let rows = try await session.query("SELECT 1 AS one")
            #expect(try rows.first?.decode("one", as: Int.self) == 1)
        }
    }

    @Test func serverError_CarriesItsSQLState_ButNotItsDetail_InTheDescription() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await withSession(url) { session in
                try await session.execute("CREATE TABLE secrets (value text PRIMARY KEY)")
                try await session.query("INSERT INTO secrets VALUES ($1)", ["token-value-9b1c"])
                await #expect {
                    try await session.query("INSERT INTO secrets VALUES ($1)", ["token-value-9b1c"])
                } throws: { error in
                    guard let error = error as? PostgresError, case .server(_, _, let detail, _) = error else { return false }
                    return error.sqlState == "23505" && detail?.contains("token-value-9b1c") == true
                        && !error.description.contains("token-value-9b1c") && error.description.contains("SQLSTATE 23505")
                        && !error.isConnectionProblem
                }
            }
        }
    }

    @Test func transaction_RollsBack_WhenItsBodyThrows() async throws {
        struct Abandon: Error {}
        try await PostgresTestDatabase.withSchema { url in
            try await withSession(url) { session in
                try await session.execute("CREATE TABLE items (name text)")
                await #expect(throws: Abandon.self) {
                    try await session.transaction { session in
                        try await session.query("INSERT INTO items VALUES ($1)", ["lost"])
                        throw Abandon()
                    }
                }
                #expect(try await session.query("SELECT name FROM items").isEmpty)
                #expect(await session.isUsable())
            }
        }
    }

    @Test func advisoryLock_MakesASecondTransactionWait_UntilTheFirstEnds() async throws {
        let order = Shared<[String]>([])
        let name = uniqueName("test-lock")
        try await withSession(url) { first in
            try await first.transaction { first in
                try await first.lockForTransaction(name)
                let second = Task {
                    try await withSession(url) { second in
                        try await second.transaction { second in
                            try await second.lockForTransaction(name)
                            order.update { $0.append("second locked") }
                        }
                    }
                }
                #expect(try await eventually {
                    try await first.query("SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                        .first?.decode("waiting", as: Int.self) == 1
                })
                order.update { $0.append("first commits") }
                _ = second
            }
        }
        #expect(try await eventually { order.value.count == 2 })
        #expect(order.value == ["first commits", "second locked"])
    }

    @Test func connectionKilledMidQuery_FailsThatQuery_AndThePoolReconnects() async throws {
        let logs = MemoryLogSink()
        let pool = try makePool(url, max: 1, logs: logs)
        let first = try await pool.withConnection { $0.backendPID }
        await #expect {
            try await pool.withConnection { try await $0.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        } throws: { error in
            (error as? PostgresError)?.isConnectionProblem == true
        }
        let second = try await pool.withConnection { $0.backendPID }
        #expect(second != first)
        #expect(logs.contains("event=postgres_connection_dropped"))
        await pool.close()
    }

    @Test func serverClosingAnIdleConnection_IsNoticedBeforeUse_SoNoCallerSeesAnError() async throws {
        let name = uniqueName("idle-kill")
        let pool = try makePool(url, max: 1, applicationName: name)
        let first = try await pool.withConnection { $0.backendPID }
        #expect(try await terminateBackends(url, applicationName: name) == 1)
        let second = try await pool.withConnection { session in
            try await session.query("SELECT pg_backend_pid() AS pid").first?.decode("pid", as: Int.self)
        }
        #expect(second != nil && second != Int(first))
        await pool.close()
    }
}
