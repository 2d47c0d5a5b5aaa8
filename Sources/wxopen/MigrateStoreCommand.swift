import Foundation
import WXOpenCore
import WXOpenPostgres
import WXOpenSupport

/// `wxopen migrate-store --from file:DIR --to postgresql://…`: the file store copied into an empty
/// database and verified (`StoreMigration`); the store key is `WXOPEN_STORE_KEY`, as for `serve`.
func migrateStore(_ invocation: Invocation) async throws {
    try invocation.allow(options: ["from", "to"])
    let from = try invocation.require("from"), to = try invocation.require("to")
    guard from.hasPrefix("file:"), from.count > 5 else { throw UsageError("--from must be file:DIR, the file store's directory") }
    guard to.hasPrefix("postgresql://") || to.hasPrefix("postgres://") else {
        throw UsageError("--to must be a postgresql:// URL (\(PostgresStore.redactedURL(to)))")
    }
    let environment = Configuration.Environment.process()
    let key = try environment[Configuration.Environment.storeKey].flatMap { $0.isEmpty ? nil : try FileStore.parseKey($0) }
    let migration = StoreMigration(source: String(from.dropFirst(5)), target: to, key: key, logger: Logger(level: .warning)) { line in
        print(line)
        flushStandardOutput()
    }
    do {
        try await migration.run()
    } catch let failure as StoreMigration.Failure {
        fail("\(failure)", code: 1)
    }
}
