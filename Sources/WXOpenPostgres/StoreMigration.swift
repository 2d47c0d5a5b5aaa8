import Foundation
import WXOpenCore
import WXOpenSupport

/// `wxopen migrate-store --from file:DIR --to postgresql://…`: copies a file store into an empty
/// database, then reads the database back and compares, kind by kind, the count and a checksum
/// of the records (`StoreContents.checksum`, over the opened records, so it holds whatever the
/// two sides seal with). The file store is only read: it is opened (and locked, so no server may
/// be writing it), never deleted or emptied. The database must hold no records, else nothing is
/// written. Messages never show the URL's password.
package struct StoreMigration: Sendable {
    package enum Failure: Error, CustomStringConvertible, Equatable {
        case noSource(path: String)
        case targetNotEmpty(server: String, counts: String)
        case mismatch(kind: String, detail: String)

        package var description: String {
            switch self {
            case .noSource(let path):
                "there is no file store at \(path) (no journal.jsonl or snapshot.jsonl there); nothing was copied"
            case .targetNotEmpty(let server, let counts):
                "the database at \(server) is not empty (\(counts)); migrate-store copies only into an empty database, "
                    + "so nothing was copied: point --to at a new database (or schema)"
            case .mismatch(let kind, let detail):
                "verification failed for \(kind): \(detail); the file store is untouched, and the database should be dropped and the copy run again"
            }
        }
    }

    package let source: String
    package let target: String
    package let key: [UInt8]?
    package let logger: Logger
    /// One line per step and a running count per kind (standard output, for the operator).
    package let report: @Sendable (String) -> Void

    package init(source: String, target: String, key: [UInt8]?, logger: Logger, report: @escaping @Sendable (String) -> Void) {
        self.source = source
        self.target = target
        self.key = key
        self.logger = logger
        self.report = report
    }

    /// Copies and verifies; returns the counts copied.
    @discardableResult
    package func run(now: Date = Date()) async throws -> [StoreContents.Kind: Int] {
        let files = FileManager.default
        guard files.fileExists(atPath: source + "/journal.jsonl") || files.fileExists(atPath: source + "/snapshot.jsonl") else {
            throw Failure.noSource(path: source)
        }
        let server = PostgresStore.redactedURL(target)
        let fileStore = try await FileStore(path: source, key: key, logger: logger)
        let contents: StoreContents
        do {
            contents = try fileStore.contents(now: now)
        } catch {
            await fileStore.close()
            throw error
        }
        await fileStore.close()
        report("source: file store at \(source), component \(contents.owner ?? "(not recorded)"): "
               + StoreContents.Kind.allCases.map { "\(contents.count($0)) \($0.rawValue)" }.joined(separator: ", "))

        let database = try await PostgresStore.open(url: target, key: key, logger: logger,
                                                    configuration: .init(notifications: false))
        do {
            let counts = try await database.recordCounts()
            if counts.values.contains(where: { $0 > 0 }) {
                throw Failure.targetNotEmpty(server: server, counts: StoreContents.Kind.allCases.compactMap { kind in
                    (counts[kind] ?? 0) > 0 ? "\(counts[kind] ?? 0) \(kind.rawValue)" : nil
                }.joined(separator: ", "))
            }
            if let owner = contents.owner { try await database.claimOwner(componentAppID: owner) }
            report("target: \(server), empty; copying in one transaction")
            try await database.importContents(contents) { kind, done in
                report("copying \(kind.rawValue): \(done)/\(contents.count(kind))")
            }
            let copied = try await database.contents(now: now)
            for kind in StoreContents.Kind.allCases {
                let (expected, found) = (contents.count(kind), copied.count(kind))
                guard expected == found else { throw Failure.mismatch(kind: kind.rawValue, detail: "\(expected) in the file store, \(found) in the database") }
                let checksum = try contents.checksum(kind)
                guard try copied.checksum(kind) == checksum else {
                    throw Failure.mismatch(kind: kind.rawValue, detail: "the records read back differ from the file store's")
                }
                report("verified \(kind.rawValue): \(found) records, sha256 \(checksum.prefix(16))")
            }
            await database.close()
            report("done: the file store at \(source) is unchanged; point store.kind at postgres to use the database")
            return Dictionary(uniqueKeysWithValues: StoreContents.Kind.allCases.map { ($0, contents.count($0)) })
        } catch {
            await database.close()
            throw error
        }
    }
}
