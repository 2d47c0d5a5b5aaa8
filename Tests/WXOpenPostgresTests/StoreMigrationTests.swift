import Foundation
import Synchronization
import Testing
@testable import WXOpenCore
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// `wxopen migrate-store`: a file store copied into an empty database (its outbox too), verified,
/// the source kept.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct StoreMigrationTests {
    static let key: [UInt8] = Array(100 ..< 132)
    static let now = Date(timeIntervalSince1970: 1_800_000_000.5)
    static let sessions = EntryNamespace("console_session", secret: true)

    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    func withFileStore(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wxopen-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path + "/data")
    }

    /// A file store with a record of every kind, 2,500 accounts among them.
    func seed(_ path: String) async throws {
        let store = try await FileStore(path: path, key: Self.key, componentAppID: "wxcomponent0001", logger: .discard, clock: ManualClock(Self.now))
        try await store.saveTicket(StoredTicket(componentAppID: "wxcomponent0001", ticket: "ticket@@@migrated", receivedAt: Self.now, createTime: Self.now))
        try await store.saveComponentToken(StoredComponentToken(componentAppID: "wxcomponent0001", token: "component-token-migrated",
                                                                obtainedAt: Self.now, expiresAt: Self.now + 7200))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<2500 {
                group.addTask {
                    let appID = String(format: "wx%016x", number)
                    try await store.updateAuthorizer(appID: appID) { _ in
                        var record = AuthorizerRecord(appID: appID, componentAppID: "wxcomponent0001", updatedAt: Self.now)
                        record.accessToken = "access-\(number)"
                        record.accessTokenExpiresAt = Self.now + Double(number)
                        record.refreshToken = "refreshtoken@@@\(number)"
                        record.funcInfo = [1, 4, number % 7]
                        record.info = AccountInfo(nickName: "店铺 \(number)", accountType: .officialAccount, rawJSON: #"{"n":1}"#, fetchedAt: Self.now)
                        return record
                    }
                }
            }
            try await group.waitForAll()
        }
        for number in 0..<30 { try await store.appendEvent(EventRecord(at: Self.now + Double(number), kind: "token.refreshed", appID: "wx1", detail: "\(number)")) }
        try await store.writeEntry(Self.sessions, key: "digest-1", value: #"{"username":"operator"}"#, expiresAt: Self.now + 3600, now: Self.now, when: .always)
        try await store.writeEntry(.replay, key: "msg_signature:abc", value: "", expiresAt: Self.now + 600, now: Self.now, when: .always)
        try await store.writeEntry(.replay, key: "expired", value: "", expiresAt: Self.now - 1, now: Self.now - 100, when: .always)
        // The outbox: two accounts' messages (one retried once, one leased when the server stopped).
        for (number, account) in ["wxaccount0000001", "wxaccount0000002", "wxaccount0000001"].enumerated() {
            let delivery = OutboxDelivery(id: "delivery-\(number)", accountKey: account, type: "message",
                                          payload: #"{"content":"用户的消息 \#(number)"}"#, createdAt: Self.now + Double(number))
            try await store.enqueueDelivery(delivery, dedupe: number == 0 ? DeliveryDedupe(key: "msgid:1", expiresAt: Self.now + 600) : nil,
                                            lease: nil, now: Self.now)
        }
        let claimed = try await store.claimDeliveries(owner: "old-instance", limit: 2, now: Self.now + 5, leaseUntil: Self.now + 60)
        try #require(claimed.count == 2)
        try await store.failDelivery(id: "delivery-0", owner: "old-instance", error: "HTTP 503", nextAttemptAt: Self.now + 30, now: Self.now + 5)
        await store.close()
    }

    func sourceContents(_ path: String) async throws -> StoreContents {
        let store = try await FileStore(path: path, key: Self.key, logger: .discard, clock: ManualClock(Self.now))
        let contents = try store.contents(now: Self.now)
        await store.close()
        return contents
    }

    @Test func copiesEveryKind_VerifiesIt_AndLeavesTheSourceAsItWas() async throws {
        try await withFileStore { path in
            try await seed(path)
            let before = try await sourceContents(path)
            try await PostgresTestDatabase.withSchema { url in
                let lines = Lines()
                let counts = try await StoreMigration(source: path, target: url, key: Self.key, logger: .discard, report: lines.append).run(now: Self.now)
                #expect(counts == [.tickets: 1, .componentTokens: 1, .authorizers: 2500, .events: 30, .entries: 3, .deliveries: 3])
                let database = try await PostgresStore.open(url: url, key: Self.key, componentAppID: "wxcomponent0001", logger: .discard,
                                                            configuration: .init(notifications: false), sleeper: Sleepers.none)
                let copied = try await database.contents(now: Self.now)
                #expect(copied == before)
                #expect(try await database.authorizer(appID: String(format: "wx%016x", 7))?.refreshToken == "refreshtoken@@@7")
                // New writes continue the ids and versions of the file store.
                #expect(try await database.appendEvent(EventRecord(at: Self.now, kind: "x")).id == 31)
                let next = try #require(try await database.writeEntry(.replay, key: "new", value: "", expiresAt: Self.now + 60, now: Self.now, when: .always).entry)
                #expect(next.version > before.entries.map(\.version).max() ?? 0)
                // The outbox: payloads opened, the retry kept, no lease of the stopped server; each
                // account's oldest is claimed first, and a new message is queued behind them.
                #expect(before.deliveries.map(\.id) == ["delivery-0", "delivery-1", "delivery-2"])
                #expect(before.deliveries.allSatisfy { $0.leaseOwner == nil && $0.leaseExpiresAt == nil })
                #expect(copied.deliveries[0].attempts == 1 && copied.deliveries[0].lastError == "HTTP 503")
                #expect(copied.deliveries[2].payload == #"{"content":"用户的消息 2"}"#)
                let sealed = try await database.query("SELECT payload FROM outbox").map { try $0.decode("payload", as: String.self) }
                #expect(sealed.count == 3 && sealed.allSatisfy { $0.hasPrefix("enc:v1:") && !$0.contains("用户") })
                let due = try await database.claimDeliveries(owner: "new-instance", limit: 10, now: Self.now + 31, leaseUntil: Self.now + 90)
                #expect(due.map(\.id) == ["delivery-1", "delivery-0"])
                let queued = try await database.enqueueDelivery(
                    OutboxDelivery(id: "delivery-new", accountKey: "wxaccount0000002", type: "message", payload: "{}", createdAt: Self.now),
                    dedupe: nil, lease: nil, now: Self.now)
                guard case .enqueued(let added) = queued else { Issue.record("not enqueued: \(queued)"); return }
                #expect(added.sequence > before.deliveries.map(\.sequence).max() ?? 0)
                await database.close()

                let text = lines.all.joined(separator: "\n")
                #expect(text.contains("copying authorizers: 1000/2500") && text.contains("copying authorizers: 2500/2500"))
                for kind in StoreContents.Kind.allCases { #expect(text.contains("verified \(kind.rawValue): "), "\(kind)") }
                let password = try #require(URLComponents(string: url)?.password)
                #expect(!text.contains(password))
            }
            #expect(try await sourceContents(path) == before, "the file store is unchanged")
        }
    }

    @Test func aDatabaseWithRecords_IsRefused_AndNothingIsWritten() async throws {
        try await withFileStore { path in
            try await seed(path)
            try await PostgresTestDatabase.withSchema { url in
                let existing = try await PostgresStore.open(url: url, key: Self.key, logger: .discard, configuration: .init(notifications: false),
                                                            sleeper: Sleepers.none)
                try await existing.appendEvent(EventRecord(at: Self.now, kind: "already.here"))
                let migration = StoreMigration(source: path, target: url, key: Self.key, logger: .discard) { _ in }
                await #expect {
                    try await migration.run(now: Self.now)
                } throws: { error in
                    guard case StoreMigration.Failure.targetNotEmpty(_, let counts) = error else { return false }
                    return counts == "1 events" && "\(error)".contains("nothing was copied")
                }
                #expect(try await existing.recordCounts() == [.tickets: 0, .componentTokens: 0, .authorizers: 0, .events: 1, .entries: 0,
                                                                .deliveries: 0])
                await existing.close()
            }
        }
    }

    @Test func aDirectoryWithoutAStore_IsRefused_AndNotCreated() async throws {
        try await withFileStore { path in
            let migration = StoreMigration(source: path, target: PostgresTestDatabase.url ?? "", key: nil, logger: .discard) { _ in }
            await #expect(throws: StoreMigration.Failure.noSource(path: path)) { try await migration.run() }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}
