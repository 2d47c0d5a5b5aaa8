import Foundation
import Testing
@testable import WXOpenCore

/// What loading makes of the files a crash (or a damaged disk) leaves, built by hand.
@Suite struct FileStoreCrashTests {
    /// A store with wx1…wx`count`, each written alone (one group commit, one line each), closed.
    func storeWithAuthorizers(_ harness: FileStoreHarness, count: Int) async throws {
        let store = try await harness.open()
        for number in 1 ... count {
            try await store.updateAuthorizer(appID: "wx\(number)") { _ in StoreFixtures.authorizer("wx\(number)") }
        }
        await store.close()
    }

    func storedAppIDs(_ store: FileStore) throws -> [String] {
        try store.listAuthorizers(AuthorizerQuery(limit: 500)).authorizers.map(\.appID)
    }

    @Test func lastLineCutAtAnyByte_LoadsEveryEarlierChange_AndTruncatesTheRest() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 2)
            let store = try await harness.open()
            try await store.saveComponentToken(StoreFixtures.componentToken())
            // The last line: a short change, so that cutting it at every byte stays quick.
            try await store.deleteComponentToken(componentAppID: StoreFixtures.componentAppID, ifToken: StoreFixtures.componentToken().token)
            await store.close()
            let journal = try harness.read(harness.journalPath)
            let lastStart = JournalEditing.lines(journal).dropLast().reduce(0) { $0 + $1.count }

            for cut in lastStart ..< journal.count {
                try harness.write(Array(journal[..<cut]), to: harness.journalPath)
                let store = try await harness.open()
                #expect(try storedAppIDs(store) == ["wx1", "wx2"], "cut at \(cut)")
                #expect(try store.authorizer(appID: "wx2") == StoreFixtures.authorizer("wx2").asRead)
                // The delete never happened.
                #expect(try store.componentToken(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.componentToken())
                await store.close()
                // What remains is exactly the intact lines, and the warning said how much went.
                #expect(try harness.read(harness.journalPath) == Array(journal[..<lastStart]))
                if cut > lastStart {
                    #expect(harness.logLines("store_tail_truncated").last?.contains("bytes=\(cut - lastStart) ") == true)
                }
            }
            #expect(harness.logLines("store_tail_truncated").count == journal.count - lastStart - 1)
        }
    }

    @Test func flippedByteInLastLine_IsTruncatedWithAWarning() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 3)
            var lines = JournalEditing.lines(try harness.read(harness.journalPath))
            lines[3] = JournalEditing.damaged(lines[3])
            try harness.write(lines.flatMap { $0 }, to: harness.journalPath)

            let store = try await harness.open()
            #expect(try storedAppIDs(store) == ["wx1", "wx2"])
            #expect(harness.logLines("store_tail_truncated") == harness.logLines("store_tail_truncated").filter {
                $0.contains("level=warn") && $0.contains("bytes=\(lines[3].count) ") && $0.contains("lines=1")
            })
            #expect(harness.logLines("store_tail_truncated").count == 1)
            // A write after recovery goes after the intact lines and survives a restart.
            try await store.updateAuthorizer(appID: "wx9") { _ in StoreFixtures.authorizer("wx9") }
            await store.close()
            let reopened = try await harness.open()
            #expect(try storedAppIDs(reopened) == ["wx1", "wx2", "wx9"])
            await reopened.close()
        }
    }

    @Test func damagedMiddleLine_RefusesToLoad_SayingWhatToDo() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 3)
            var lines = JournalEditing.lines(try harness.read(harness.journalPath))
            let original = lines.flatMap { $0 }
            lines[2] = JournalEditing.damaged(lines[2])
            try harness.write(lines.flatMap { $0 }, to: harness.journalPath)

            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.corrupt(let path, let detail) = error else { return false }
                return path == harness.journalPath && detail.contains("line 3") && detail.contains("restore it from a backup")
                    && detail.contains("truncate \(harness.journalPath) to \(lines[0].count + lines[1].count) bytes")
            }
            // Nothing was cut: the operator still has every byte.
            #expect(try harness.read(harness.journalPath).count == original.count)
        }
    }

    @Test func tornFinalGroupCommit_IsTruncatedWhole_EvenWhenALaterLineOfItIsIntact() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 1)
            // One group commit of two lines (seq 2 and 3, batch 2) whose first page never reached
            // the disk, as a power cut can leave it.
            let codec = JournalCodec(sealer: SecretSealer(key: nil))
            let first = try codec.line(for: .authorizer(StoreFixtures.authorizer("wx2")), seq: 2, batch: 2)
            let second = try codec.line(for: .authorizer(StoreFixtures.authorizer("wx3")), seq: 3, batch: 2)
            let zeroed = [UInt8](repeating: 0, count: first.count - 1) + [UInt8(ascii: "\n")]
            let intact = try harness.read(harness.journalPath)
            try harness.write(intact + zeroed + second, to: harness.journalPath)

            let store = try await harness.open()
            #expect(try storedAppIDs(store) == ["wx1"])
            #expect(harness.logLines("store_tail_truncated").first?.contains("lines=2") == true)
            #expect(try harness.read(harness.journalPath) == intact)
            await store.close()
        }
    }

    @Test func damageFollowedByALaterGroupCommit_IsCorruption() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 1)
            let codec = JournalCodec(sealer: SecretSealer(key: nil))
            let second = try codec.line(for: .authorizer(StoreFixtures.authorizer("wx2")), seq: 2, batch: 2)
            let third = try codec.line(for: .authorizer(StoreFixtures.authorizer("wx3")), seq: 3, batch: 3)
            try harness.write(try harness.read(harness.journalPath) + JournalEditing.damaged(second) + third, to: harness.journalPath)

            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.corrupt(_, let detail) = error else { return false }
                return detail.contains("line 3") && detail.contains("1 intact line(s) written after it")
            }
        }
    }

    @Test func missingChange_IsCorruption() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 3)
            var lines = JournalEditing.lines(try harness.read(harness.journalPath))
            lines.remove(at: 2)
            try harness.write(lines.flatMap { $0 }, to: harness.journalPath)

            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.corrupt(_, let detail) = error else { return false }
                return detail.contains("change number 3 where 2 was expected")
            }
        }
    }

    @Test func crashBetweenSnapshotRenameAndJournalReset_LoadsEveryChangeExactlyOnce() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            for number in 1 ... 3 {
                try await store.updateAuthorizer(appID: "wx\(number)") { _ in StoreFixtures.authorizer("wx\(number)") }
                try await store.appendEvent(StoreFixtures.event("push.k\(number)"))
            }
            let oldJournal = try harness.read(harness.journalPath)
            try await store.compact()
            // Written after the snapshot: in the old journal too, had the crash come now.
            try await store.updateAuthorizer(appID: "wx4") { _ in StoreFixtures.authorizer("wx4") }
            try await store.appendEvent(StoreFixtures.event("push.k4"))
            await store.close()
            let afterSnapshot = JournalEditing.lines(try harness.read(harness.journalPath)).dropFirst().flatMap { $0 }
            // The new snapshot is in place; the journal is still the old one, plus what followed.
            try harness.write(oldJournal + afterSnapshot, to: harness.journalPath)

            let reopened = try await harness.open()
            #expect(try storedAppIDs(reopened) == ["wx1", "wx2", "wx3", "wx4"])
            #expect(try await reopened.recentEvents(EventQuery()).map(\.kind) == ["push.k4", "push.k3", "push.k2", "push.k1"])
            #expect(harness.logLines("store_compacted").last?.contains("reason=interrupted_compaction") == true)
            try await reopened.appendEvent(StoreFixtures.event("push.k5"))
            await reopened.close()

            let again = try await harness.open()
            #expect(try await again.recentEvents(EventQuery()).map(\.id) == [5, 4, 3, 2, 1])
            await again.close()
        }
    }

    @Test func leftoverTemporaryFiles_AreRemoved_AndChangeNothing() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await storeWithAuthorizers(harness, count: 2)
            try harness.write(Array("half a snapshot".utf8), to: harness.snapshotPath + ".tmp")
            try harness.write(Array("half a journal".utf8), to: harness.journalPath + ".tmp")

            let store = try await harness.open()
            #expect(try storedAppIDs(store) == ["wx1", "wx2"])
            #expect(!FileManager.default.fileExists(atPath: harness.snapshotPath + ".tmp"))
            #expect(!FileManager.default.fileExists(atPath: harness.journalPath + ".tmp"))
            #expect(harness.logLines("store_leftover_removed").count == 2)
            await store.close()
        }
    }

    @Test func damagedSnapshot_RefusesToLoad() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            for number in 1 ... 3 {
                try await store.updateAuthorizer(appID: "wx\(number)") { _ in StoreFixtures.authorizer("wx\(number)") }
            }
            try await store.compact()
            await store.close()
            var lines = JournalEditing.lines(try harness.read(harness.snapshotPath))
            lines[2] = JournalEditing.damaged(lines[2])
            try harness.write(lines.flatMap { $0 }, to: harness.snapshotPath)

            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.corrupt(let path, let detail) = error else { return false }
                return path == harness.snapshotPath && detail.contains("line 3 is damaged") && detail.contains("backup")
            }
        }
    }

    @Test func snapshotMissingARecord_RefusesToLoad() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            for number in 1 ... 3 {
                try await store.updateAuthorizer(appID: "wx\(number)") { _ in StoreFixtures.authorizer("wx\(number)") }
            }
            try await store.compact()
            await store.close()
            try harness.write(JournalEditing.lines(try harness.read(harness.snapshotPath)).dropLast().flatMap { $0 }, to: harness.snapshotPath)

            await #expect {
                try await harness.open()
            } throws: { error in
                guard case StoreError.corrupt(_, let detail) = error else { return false }
                // Three accounts and the event archive's mark, less the last line.
                return detail.contains("holds 3 records where its header says 4")
            }
        }
    }
}
