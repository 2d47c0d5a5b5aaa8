import Foundation
import WXOpenCore

/// `wxopen backup --config FILE --to DIR`: a consistent copy of the configured file store, safe
/// while `wxopen serve` runs on it (`StoreBackup`). A PostgreSQL store is backed up with pg_dump.
func runBackup(_ invocation: Invocation) async throws {
    let configuration = loadConfiguration(try invocation.require("config"))
    let destination = try invocation.require("to")
    switch configuration.store.kind {
    case .file:
        break
    case .memory:
        throw UsageError("the configured store is in memory: there is nothing on disk to back up")
    case .postgres:
        throw UsageError("the configured store is PostgreSQL: back it up with pg_dump (see the README's Backups section)")
    }
    let environment = Configuration.Environment.process()
    let key = try environment[Configuration.Environment.storeKey].flatMap { $0.isEmpty ? nil : try FileStore.parseKey($0) }
    let summary = try await StoreBackup.copy(from: configuration.store.path, to: destination, key: key,
                                             componentAppID: configuration.component.appID, logger: makeLogger(configuration))
    print("backup of \(configuration.store.path) in \(destination): \(summary.authorizers) accounts, \(summary.bytesCopied) bytes copied; "
          + "opened and checked, compacted into one snapshot")
}
