import Foundation
import Testing
@testable import WXOpenCore
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// What is particular to `PostgresStore`; `StoreContractTests` checks what every store promises.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct PostgresStoreTests {
    let logs = MemoryLogSink()
    static let storeKey: [UInt8] = Array(0 ..< 32)
    static let now = Date(timeIntervalSince1970: 1_800_000_000.25)
    static let secrets = [
        "ticket@@@secret-ticket-value", "component-token-secret-value", "access-token-of-wxa", "refreshtoken@@@of-wxa",
        "session-entry-secret-value",
    ]
    static let sessions = EntryNamespace("test_sessions", secret: true)

    func open(_ url: String, key: [UInt8]? = PostgresStoreTests.storeKey) async throws -> PostgresStore {
        try await PostgresStore.open(url: url, key: key, logger: Logger(level: .debug, sink: logs), clock: ManualClock(Self.now),
                                     sleeper: Sleepers.none)
    }

    func writeSecrets(_ store: PostgresStore) async throws {
        try await store.saveTicket(StoredTicket(componentAppID: "wxc", ticket: Self.secrets[0], receivedAt: Self.now, createTime: Self.now))
        try await store.saveComponentToken(StoredComponentToken(
            componentAppID: "wxc", token: Self.secrets[1], obtainedAt: Self.now, expiresAt: Self.now.addingTimeInterval(7200)))
        try await store.updateAuthorizer(appID: "wxa") { _ in
            var record = AuthorizerRecord(appID: "wxa", componentAppID: "wxc", updatedAt: Self.now)
            record.accessToken = Self.secrets[2]
            record.refreshToken = Self.secrets[3]
            return record
        }
        try await store.writeEntry(Self.sessions, key: "s1", value: Self.secrets[4], expiresAt: Self.now + 60, now: Self.now, when: .always)
    }

    /// Every row of every table as PostgreSQL prints it: what a `pg_dump` would hold.
    func rawTables(_ url: String) async throws -> String {
        try await withSession(url) { session in
            var text = ""
            for table in ["tickets", "component_tokens", "authorizers", "events", "store_meta", "entries"] {
                for row in try await session.query("SELECT t::text AS row FROM \(table) t") {
                    text += try row.decode("row", as: String.self) + "\n"
                }
            }
            return text
        }
    }

    @Test func withAKey_NoTableHoldsASecretInClear_AndEachReadsBack() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let store = try await open(url)
            try await writeSecrets(store)
            let raw = try await rawTables(url)
            for secret in Self.secrets { #expect(!raw.contains(secret), "\(secret) in the tables") }
            #expect(raw.components(separatedBy: "enc:v1:").count - 1 == 6, "5 secrets and the key check")
            #expect(try await store.entry(Self.sessions, key: "s1", now: Self.now)?.value == Self.secrets[4])
            #expect(try await store.ticket(componentAppID: "wxc")?.ticket == Self.secrets[0])
            #expect(try await store.authorizer(appID: "wxa")?.refreshToken == Self.secrets[3])
            #expect(!logs.contains("store_plaintext"))
            #expect(!logs.lines.joined().contains(Data(Self.storeKey).base64EncodedString()))
            await store.close()
        }
    }

    @Test func withoutAKey_TokensAreStoredAsThemselves_AndOneWarningIsLogged() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let store = try await open(url, key: nil)
            try await writeSecrets(store)
            let raw = try await rawTables(url)
            for secret in Self.secrets { #expect(raw.contains(secret), "\(secret)") }
            #expect(logs.lines.filter { $0.contains("event=store_plaintext") }.count == 1)
            await store.close()
        }
    }

    @Test func openingWithAKey_SealsWhatWasStoredInClear() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let plain = try await open(url, key: nil)
            try await writeSecrets(plain)
            await plain.close()

            let sealed = try await open(url)
            let raw = try await rawTables(url)
            for secret in Self.secrets { #expect(!raw.contains(secret), "\(secret) still in clear") }
            #expect(logs.contains("event=store_encrypted") && logs.contains("records=4"))
            #expect(try await sealed.entry(Self.sessions, key: "s1", now: Self.now)?.value == Self.secrets[4])
            #expect(try await sealed.componentToken(componentAppID: "wxc")?.token == Self.secrets[1])
            #expect(try await sealed.authorizer(appID: "wxa")?.accessToken == Self.secrets[2])
            // The compare-and-delete digest follows the new key.
            try await sealed.deleteComponentToken(componentAppID: "wxc", ifToken: Self.secrets[1])
            #expect(try await sealed.componentToken(componentAppID: "wxc") == nil)
            await sealed.close()
        }
    }

    @Test func wrongKey_OrNoKey_RefusesADatabaseWrittenWithAKey() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let store = try await open(url)
            try await writeSecrets(store)
            await store.close()
            await #expect {
                _ = try await open(url, key: Array((0 ..< 32).map { UInt8(255 - $0) }))
            } throws: { error in
                guard case StoreError.invalidKey(let detail) = error else { return false }
                return detail.contains("was written with another store key")
            }
            await #expect {
                _ = try await open(url, key: nil)
            } throws: { error in
                guard case StoreError.invalidKey(let detail) = error else { return false }
                return detail.contains("holds encrypted tokens; set WXOPEN_STORE_KEY")
            }
        }
    }

    @Test func tokenMovedToAnotherAccount_ReadsAsCorrupt_NamingThatAccount() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let store = try await open(url)
            try await writeSecrets(store)
            try await store.updateAuthorizer(appID: "wxb") { _ in AuthorizerRecord(appID: "wxb", componentAppID: "wxc", updatedAt: Self.now) }
            try await withSession(url) { session in
                try await session.query("""
                    UPDATE authorizers SET access_token = (SELECT access_token FROM authorizers WHERE app_id = $1)
                    WHERE app_id = $2
                    """, ["wxa", "wxb"])
            }
            await #expect {
                _ = try await store.authorizer(appID: "wxb")
            } throws: { error in
                guard case StoreError.corrupt(_, let detail) = error else { return false }
                return detail.contains("the access_token of authorizer wxb does not decrypt with the store key")
            }
            #expect(try await store.authorizer(appID: "wxa")?.accessToken == Self.secrets[2])
            await store.close()
        }
    }

    @Test func expiredEntries_ArePruned_AnHourAfterTheyExpire_EveryIntervalWrites() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let store = try await PostgresStore.open(
                url: url, logger: .discard, configuration: PostgresStore.Configuration(entryPruneInterval: 3), sleeper: Sleepers.none)
            let now = Self.now
            try await store.writeEntry(.replay, key: "long-gone", value: "", expiresAt: now, now: now - 60, when: .always)
            try await store.writeEntry(.replay, key: "just-expired", value: "", expiresAt: now + 7000, now: now, when: .always)
            let keys = { try await withSession(url) { session in
                try await session.query("SELECT key FROM entries ORDER BY key").map { try $0.decode("key", as: String.self) }
            } }
            #expect(try await keys() == ["just-expired", "long-gone"])
            // The third write prunes: "long-gone" expired 2 h before, "just-expired" 10 min.
            try await store.writeEntry(.replay, key: "live", value: "", expiresAt: now + 9000, now: now + 7600, when: .always)
            #expect(try await keys() == ["just-expired", "live"])
            await store.close()
        }
    }

    @Test func twoInstances_CompareAndDelete_SparesTheTokenTheOtherSaved() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let a = try await open(url), b = try await open(url)
            try await a.saveComponentToken(StoredComponentToken(componentAppID: "wxc", token: "old", obtainedAt: Self.now, expiresAt: Self.now))
            try await b.saveComponentToken(StoredComponentToken(componentAppID: "wxc", token: "new", obtainedAt: Self.now, expiresAt: Self.now))
            try await a.deleteComponentToken(componentAppID: "wxc", ifToken: "old")
            #expect(try await a.componentToken(componentAppID: "wxc")?.token == "new")
            try await a.deleteComponentToken(componentAppID: "wxc", ifToken: "new")
            #expect(try await b.componentToken(componentAppID: "wxc") == nil)
            await a.close()
            await b.close()
        }
    }

    @Test func twoInstances_UpdatingOneNewAccount_LoseNoUpdate() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let a = try await open(url), b = try await open(url)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0 ..< 60 {
                    let store = number.isMultiple(of: 2) ? a : b
                    group.addTask {
                        try await store.updateAuthorizer(appID: "wxshared") { current in
                            var record = current ?? AuthorizerRecord(appID: "wxshared", componentAppID: "wxc", updatedAt: Self.now)
                            record.funcInfo.append(number)
                            return record
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await a.authorizer(appID: "wxshared")?.funcInfo.sorted() == Array(0 ..< 60))
            await a.close()
            await b.close()
        }
    }

    /// Rows from before migration 4 get the ref into their search text, and a name to sort by,
    /// when a store opens.
    @Test func rowsWrittenBeforeTheRefSearch_AreReindexed_AtOpen() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let store = try await open(url)
            for (appID, name) in [("wxa", "Zed"), ("wxb", "alpha")] {
                try await store.updateAuthorizer(appID: appID) { _ in
                    var record = AuthorizerRecord(appID: appID, componentAppID: "wxc", updatedAt: Self.now)
                    record.info = AccountInfo(nickName: name, accountType: .officialAccount, fetchedAt: Self.now)
                    record.ref = "order-\(appID)"
                    return record
                }
            }
            await store.close()
            try await withSession(url) { session in
                try await session.query("UPDATE authorizers SET search_text = 'stale', sort_name = '', search_version = 0")
            }
            let reopened = try await open(url)
            #expect(try await reopened.listAuthorizers(AuthorizerQuery(search: "order-wxb")).authorizers.map(\.appID) == ["wxb"])
            #expect(try await reopened.listAuthorizers(AuthorizerQuery(sort: .name)).authorizers.map(\.appID) == ["wxb", "wxa"])
            #expect(logs.lines.contains { $0.contains("event=store_search_backfilled") && $0.contains("authorizers=2") })
            await reopened.close()
        }
    }
}
