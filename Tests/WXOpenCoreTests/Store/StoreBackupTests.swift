import Foundation
import Testing
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 16: `wxopen backup` copies a file store that a server is writing, consistently.
@Suite struct StoreBackupTests {
    static let component = StoreFixtures.componentAppID

    func accounts(_ store: FileStore, _ appIDs: [String]) async throws {
        for appID in appIDs { try await store.updateAuthorizer(appID: appID) { _ in StoreFixtures.authorizer(appID) } }
    }

    func backup(_ source: String, _ destination: String, key: [UInt8]? = nil, logs: MemoryLogSink = MemoryLogSink(),
                afterJournal: @Sendable () async throws -> Void = {}) async throws -> StoreBackup.Summary {
        try await StoreBackup.copy(from: source, to: destination, key: key, componentAppID: Self.component,
                                   logger: Logger(level: .debug, sink: logs), afterJournal: afterJournal)
    }

    @Test func backup_OfAStoreInUse_HoldsEveryAcknowledgedWrite_AndOpensAsAStore() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await FileStore(path: directory.storePath, componentAppID: Self.component, logger: .discard)
            try await accounts(live, ["wxa", "wxb"])
            _ = try await live.appendEvent(StoreFixtures.event(appID: "wxa"))
            try await live.compact()
            try await accounts(live, ["wxc"])
            _ = try await live.appendEvent(StoreFixtures.event(appID: "wxc"))
            let summary = try await backup(directory.storePath, directory.path + "/backup")
            #expect(summary.authorizers == 3)
            // The live store kept its lock and goes on working.
            try await accounts(live, ["wxd"])
            await live.close()
            let copy = try await FileStore(path: directory.path + "/backup", componentAppID: Self.component, logger: .discard)
            #expect(try copy.listAuthorizers(AuthorizerQuery()).authorizers.map(\.appID) == ["wxa", "wxb", "wxc"])
            var expected = StoreFixtures.authorizer("wxc")
            expected.info?.rawJSON = nil
            #expect(try copy.authorizer(appID: "wxc") == expected)
            // The raw info and the events, kept beside the snapshot and the journal, came along.
            for appID in ["wxa", "wxc"] {
                #expect(try copy.rawInfo(appID: appID) == StoreFixtures.authorizer(appID).info?.rawJSON)
                #expect(try copy.events(EventQuery(appID: appID)).events.map(\.kind) == ["token.refreshed"])
            }
            await copy.close()
        }
    }

    /// The race a plain `cp -r` loses: a compaction between the two file copies. Journal first,
    /// the copy still loads, with at least everything the journal held when it was copied.
    @Test func backup_WhenACompactionReplacesTheFilesMidCopy_StillLoads() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await FileStore(path: directory.storePath, componentAppID: Self.component, logger: .discard)
            try await accounts(live, ["wxa", "wxb"])
            let summary = try await backup(directory.storePath, directory.path + "/backup") {
                try await accounts(live, ["wxc"])
                try await live.compact()
                try await live.compact()
            }
            #expect(summary.authorizers == 3, "the newer snapshot brought wxc along")
            await live.close()
        }
    }

    /// Why the order matters: the same race with the snapshot copied first leaves a copy that
    /// refuses to load (what the README warns a directory copy can do).
    @Test func aCopySnapshotFirst_AcrossACompaction_DoesNotLoad() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await FileStore(path: directory.storePath, componentAppID: Self.component, logger: .discard)
            try await accounts(live, ["wxa"])
            let copyPath = directory.path + "/naive"
            try FileManager.default.createDirectory(atPath: copyPath, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: directory.storePath + "/snapshot.jsonl", toPath: copyPath + "/snapshot.jsonl")
            try await accounts(live, ["wxb"])
            try await live.compact()
            try FileManager.default.copyItem(atPath: directory.storePath + "/journal.jsonl", toPath: copyPath + "/journal.jsonl")
            await live.close()
            await #expect(throws: StoreError.self) { _ = try await FileStore(path: copyPath, logger: .discard) }
        }
    }

    @Test func backup_OfAnEncryptedStore_NeedsItsKey_AndStaysEncrypted() async throws {
        try await withTemporaryDirectory { directory in
            let key = Array(repeating: UInt8(7), count: 32)
            let live = try await FileStore(path: directory.storePath, key: key, componentAppID: Self.component, logger: .discard)
            try await accounts(live, ["wxa"])
            await #expect(throws: StoreError.self) { _ = try await backup(directory.storePath, directory.path + "/without-key") }
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/without-key"), "a failed backup leaves nothing that looks like one")
            #expect(try await backup(directory.storePath, directory.path + "/backup", key: key).authorizers == 1)
            await live.close()
            let token = try #require(StoreFixtures.authorizer("wxa").accessToken)
            let snapshot = try String(contentsOfFile: directory.path + "/backup/snapshot.jsonl", encoding: .utf8)
            #expect(!snapshot.contains(token), "tokens are sealed in the copy too")
        }
    }

    @Test func backup_IntoADirectoryThatIsNotEmpty_OrFromNoStore_IsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await FileStore(path: directory.storePath, componentAppID: Self.component, logger: .discard)
            let occupied = directory.path + "/occupied"
            try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: occupied + "/keep.txt"))
            await #expect(throws: StoreError.self) { _ = try await backup(directory.storePath, occupied) }
            #expect(FileManager.default.contents(atPath: occupied + "/keep.txt") == Data("x".utf8))
            await #expect(throws: StoreError.self) { _ = try await backup(directory.path + "/nothing", directory.path + "/out") }
            await live.close()
        }
    }
}
