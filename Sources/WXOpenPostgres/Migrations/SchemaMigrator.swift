import WXOpenSupport

/// Brings a database's schema up to `migrations`, at start-up, before the store serves anything.
///
/// Everything runs in one transaction holding an advisory lock named after the schema: instances
/// starting together take turns, the first applies what is missing and the others find nothing
/// left to do; a migration that fails rolls back with everything before it, so a database is
/// never left half-migrated. `schema_migrations` records each version applied. Forward-only: a
/// database already past this build's newest version is refused rather than used blindly.
package struct SchemaMigrator: Sendable {
    package let migrations: [Migration]
    package let clock: any WallClock
    package let logger: Logger

    package init(migrations: [Migration] = Migration.all, clock: any WallClock, logger: Logger) {
        self.migrations = migrations
        self.clock = clock
        self.logger = logger
    }

    /// The versions applied now (empty when the schema was up to date).
    @discardableResult
    package func migrate(_ session: PostgresSession) async throws -> [Int] {
        try await session.transaction { session in
            let schema = try await session.query("SELECT current_schema() AS name")
            guard let name = try schema.first?.decode("name", as: String?.self) else {
                throw PostgresError.schemaMismatch("no schema to create tables in: the search_path names none that exists")
            }
            try await session.lockForTransaction("schema_migrations:" + name)
            try await session.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at double precision NOT NULL
                )
                """)
            let applied = try await appliedVersions(session)
            var done: [Int] = []
            for migration in migrations where applied[migration.version] == nil {
                let started = ContinuousClock.now
                try await session.execute(script: migration.sql)
                try await session.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, clock.now()])
                logger.info("schema_migration_applied", [
                    "schema": name, "version": String(migration.version), "name": migration.name,
                    "ms": String((ContinuousClock.now - started).milliseconds),
                ])
                done.append(migration.version)
            }
            return done
        }
    }

    private func appliedVersions(_ session: PostgresSession) async throws -> [Int: String] {
        var applied: [Int: String] = [:]
        for row in try await session.query("SELECT version, name FROM schema_migrations ORDER BY version") {
            applied[try row.decode("version", as: Int.self)] = try row.decode("name", as: String.self)
        }
        let newest = migrations.last?.version ?? 0
        if let beyond = applied.keys.max(), beyond > newest {
            throw PostgresError.schemaMismatch(
                "the database schema is at version \(beyond), newer than this wxopen knows (\(newest)); run the newer wxopen, or point this one at another database")
        }
        for migration in migrations {
            if let name = applied[migration.version], name != migration.name {
                throw PostgresError.schemaMismatch(
                    "schema_migrations records version \(migration.version) as \"\(name)\", this wxopen as \"\(migration.name)\": the database belongs to something else")
            }
        }
        return applied
    }
}
