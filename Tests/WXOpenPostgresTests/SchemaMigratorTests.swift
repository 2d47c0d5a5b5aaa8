import Foundation
import Testing
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct SchemaMigratorTests {
    let logs = MemoryLogSink()
    let clock = ManualClock(Date(timeIntervalSinceReferenceDate: 800_000_000.5))

    func migrator(_ migrations: [Migration] = Migration.all) -> SchemaMigrator {
        SchemaMigrator(migrations: migrations, clock: clock, logger: Logger(level: .debug, sink: logs))
    }

    func recorded(_ session: PostgresSession) async throws -> [String] {
        try await session.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").map { row in
            let appliedAt = try row.decode("applied_at", as: Date.self).timeIntervalSinceReferenceDate
            return "\(try row.decode("version", as: Int.self)) \(try row.decode("name", as: String.self)) \(appliedAt)"
        }
    }

    @Test func migratingTwice_AppliesEachVersionOnce_TheSecondTimeNothing() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await withSession(url) { session in
                #expect(try await migrator().migrate(session) == [1, 2, 3, 4])
                let first = try await recorded(session)
                #expect(first == ["1 store 800000000.5", "2 entries 800000000.5", "3 outbox 800000000.5", "4 scale 800000000.5"])
                clock.advance(by: 60)
                #expect(try await migrator().migrate(session) == [])
                #expect(try await recorded(session) == first)
                #expect(logs.lines.filter { $0.contains("event=schema_migration_applied") }.count == 4)
                let tables = try await session.query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name")
                #expect(try tables.map { try $0.decode("table_name", as: String.self) } == [
                    "authorizers", "component_tokens", "entries", "event_hours", "events", "outbox", "schema_migrations", "store_meta", "tickets",
                ])
            }
        }
    }

    @Test func twoMigratorsAtOnce_OneApplies_TheOtherFindsNothingToDo() async throws {
        try await PostgresTestDatabase.withSchema { url in
            // The first to take the lock holds it a moment, so the other really waits on it.
            let slow = [Migration.store, Migration(version: 2, name: "pause", sql: "SELECT pg_sleep(0.2)")]
            async let a = withSession(url) { try await migrator(slow).migrate($0) }
            async let b = withSession(url) { try await migrator(slow).migrate($0) }
            let results = [try await a, try await b].sorted { $0.count < $1.count }
            #expect(results == [[], [1, 2]])
            try await withSession(url) { session in
                let versions = try await recorded(session).map { String($0.prefix(7)) }
                #expect(versions == ["1 store", "2 pause"])
            }
        }
    }

    @Test func failingMigration_RollsBackEverything_BeforeIt() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await withSession(url) { session in
                let broken = [Migration.store, Migration(version: 2, name: "broken", sql: "ALTER TABLE no_such_table ADD COLUMN x int")]
                await #expect {
                    try await migrator(broken).migrate(session)
                } throws: { error in
                    (error as? PostgresError)?.sqlState == "42P01"
                }
                let tables = try await session.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()")
                #expect(try tables.first?.decode("n", as: Int.self) == 0)
                #expect(await session.isUsable())
            }
        }
    }

    @Test func databaseFromANewerWxopen_IsRefused_SayingSo() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await withSession(url) { session in
                try await migrator().migrate(session)
                try await session.query("INSERT INTO schema_migrations VALUES ($1, $2, $3)", [7, "future", 0.0])
                await #expect(throws: PostgresError.schemaMismatch(
                    "the database schema is at version 7, newer than this wxopen knows (4); run the newer wxopen, or point this one at another database")) {
                    try await migrator().migrate(session)
                }
            }
        }
    }

    @Test func versionRecordedUnderAnotherName_IsRefused() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await withSession(url) { session in
                try await migrator([Migration(version: 1, name: "someone-else", sql: "CREATE TABLE other (id int)")]).migrate(session)
                await #expect {
                    try await migrator().migrate(session)
                } throws: { error in
                    "\(error)".contains(#"schema_migrations records version 1 as "someone-else", this wxopen as "store""#)
                }
            }
        }
    }
}
