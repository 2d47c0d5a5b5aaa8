import Foundation
import Testing
@testable import WXOpenCore
import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// The stores the contract tests run against, each opened fresh for one test: the same test
/// code checks every backend. The PostgreSQL ones run when `WXOPEN_TEST_POSTGRES_URL` is set,
/// each test in a schema of its own.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, file, encryptedFile, postgres, encryptedPostgres

    /// The backends this run can test.
    static var available: [StoreBackend] {
        allCases.filter { !$0.isPostgres || PostgresTestDatabase.isConfigured }
    }

    var isPostgres: Bool { self == .postgres || self == .encryptedPostgres }
    var key: [UInt8]? { self == .encryptedFile || self == .encryptedPostgres ? StoreFixtures.key : nil }
    var testDescription: String { rawValue }

    /// Runs `body` with a fresh store whose event retention is measured by `clock`, closing and
    /// removing it afterwards.
    func withStore(eventRetention: TimeInterval = 90 * 86_400, clock: ManualClock = ManualClock(StoreFixtures.now),
                   _ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .memory:
            try await body(MemoryStore(eventRetention: eventRetention, clock: clock))
        case .file, .encryptedFile:
            try await withTemporaryDirectory { directory in
                var harness = FileStoreHarness(
                    path: directory.storePath, key: key, configuration: FileStore.Configuration(eventRetention: eventRetention))
                harness.clock = clock
                let store = try await harness.open()
                try await StoreBackend.run(body, on: store) { await store.close() }
            }
        case .postgres, .encryptedPostgres:
            try await PostgresTestDatabase.withSchema { url in
                let store = try await PostgresStore.open(
                    url: url, key: key, logger: .discard, clock: clock,
                    configuration: PostgresStore.Configuration(eventRetention: eventRetention), sleeper: Sleepers.none)
                try await StoreBackend.run(body, on: store) { await store.close() }
            }
        }
    }

    /// `body`, then `close` whether or not it threw.
    private static func run(
        _ body: (any Store) async throws -> Void, on store: any Store, close: () async -> Void
    ) async throws {
        do {
            try await body(store)
        } catch {
            await close()
            throw error
        }
        await close()
    }
}
