import Foundation
import Testing
@testable import WXOpenCore

@Suite struct FileStoreTests {
    /// Writes one of everything.
    func populate(_ store: FileStore) async throws {
        try await store.saveTicket(StoreFixtures.ticket())
        try await store.saveComponentToken(StoreFixtures.componentToken())
        try await store.saveComponentToken(StoreFixtures.componentToken("second-token", component: "wxcomponent0002"))
        try await store.deleteComponentToken(componentAppID: "wxcomponent0002", ifToken: "second-token")
        for appID in ["wxb", "wxa", "wxc"] {
            try await store.updateAuthorizer(appID: appID) { _ in StoreFixtures.authorizer(appID) }
        }
        try await store.appendEvent(StoreFixtures.event("push.component_verify_ticket", appID: nil))
        try await store.appendEvent(StoreFixtures.event("token.refreshed", appID: "wxa"))
    }

    func expectPopulated(_ store: FileStore) async throws {
        #expect(try store.ticket(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.ticket())
        #expect(try store.componentToken(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.componentToken())
        #expect(try store.componentToken(componentAppID: "wxcomponent0002") == nil)
        for appID in ["wxa", "wxb", "wxc"] { #expect(try store.authorizer(appID: appID) == StoreFixtures.authorizer(appID).asRead) }
        #expect(try store.listAuthorizers(AuthorizerQuery()).authorizers.map(\.appID) == ["wxa", "wxb", "wxc"])
        #expect(try await store.recentEvents(EventQuery()).map(\.kind) == ["token.refreshed", "push.component_verify_ticket"])
        #expect(try await store.recentEvents(EventQuery()).map(\.id) == [2, 1])
    }

    @Test func restart_KeepsEveryRecord() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            try await populate(store)
            await store.close()

            let reopened = try await harness.open()
            try await expectPopulated(reopened)
            // Event ids go on from where they were.
            #expect(try await reopened.appendEvent(StoreFixtures.event()).id == 3)
            await reopened.close()
        }
    }

    @Test func restart_AfterCompaction_KeepsEveryRecord_AndTheJournalHoldsOnlyItsHeader() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            try await populate(store)
            try await store.compact()
            #expect(try harness.text(harness.journalPath).split(separator: "\n").count == 1)
            await store.close()

            let reopened = try await harness.open()
            try await expectPopulated(reopened)
            await reopened.close()
        }
    }

    @Test func compaction_StartsByItself_WhenTheJournalPassesItsSize_AndLosesNoConcurrentWrite() async throws {
        try await withTemporaryDirectory { directory in
            var harness = FileStoreHarness(path: directory.storePath)
            harness.configuration = FileStore.Configuration(compactionJournalBytes: 16 << 10)
            let store = try await harness.open()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0 ..< 8 {
                    group.addTask {
                        for number in 0 ..< 40 {
                            let appID = "wx\(writer)_\(number)"
                            try await store.updateAuthorizer(appID: appID) { _ in StoreFixtures.authorizer(appID) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await store.flush()
            await store.close()
            #expect(harness.logLines("store_compacted").contains { $0.contains("reason=journal_size") })

            let reopened = try await harness.open()
            #expect(reopened.authorizerCounts().total == 320)
            for writer in 0 ..< 8 {
                for number in 0 ..< 40 {
                    let appID = "wx\(writer)_\(number)"
                    #expect(try reopened.authorizer(appID: appID) == StoreFixtures.authorizer(appID).asRead)
                }
            }
            await reopened.close()
        }
    }

    /// Issue 17: events live in `events/`, not in the snapshot, and survive compaction and restart.
    @Test func compaction_LeavesEventsInTheArchive_NotInTheSnapshot() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            for number in 1 ... 7 { try await store.appendEvent(StoreFixtures.event("push.k\(number)")) }
            try await store.compact()
            await store.close()

            #expect(!(try harness.text(harness.snapshotPath)).contains("\"type\":\"event\""))
            #expect(try harness.text(harness.snapshotPath).contains("\"type\":\"event_archive\""))
            let files = try FileManager.default.contentsOfDirectory(atPath: harness.path + "/events")
            #expect(files == [EventArchive.name(number: 1, day: EventArchive.day(of: StoreFixtures.now))])
            let reopened = try await harness.open()
            #expect(try await reopened.recentEvents(EventQuery()).map(\.id) == [7, 6, 5, 4, 3, 2, 1])
            #expect(try await reopened.appendEvent(StoreFixtures.event()).id == 8)
            await reopened.close()
        }
    }

    /// Issue 11.2: the replay window outlives the process, and compaction keeps only the keys
    /// that can still stop a replay.
    @Test func replayKeys_SurviveRestartAndCompaction_AndExpiredOnesAreLeftBehind() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let now = StoreFixtures.now
            let store = try await harness.open()
            #expect(try await store.insertReplayKey("sig-long", expiresAt: now + 3600, now: now))
            #expect(try await store.insertReplayKey("sig-short", expiresAt: now + 10, now: now))
            #expect(try await store.insertReplayKey("sig-removed", expiresAt: now + 3600, now: now))
            try await store.removeReplayKey("sig-removed")
            await store.close()

            let reopened = try await harness.open()
            #expect(try await !reopened.insertReplayKey("sig-long", expiresAt: now + 3600, now: now + 5))
            #expect(try await !reopened.insertReplayKey("sig-short", expiresAt: now + 10, now: now + 5))
            harness.clock.advance(by: 60)
            try await reopened.compact()
            await reopened.close()
            let snapshot = try harness.text(harness.snapshotPath)
            #expect(snapshot.contains("sig-long"))
            #expect(!snapshot.contains("sig-short"))
            #expect(!snapshot.contains("sig-removed"))

            let compacted = try await harness.open()
            #expect(try await !compacted.insertReplayKey("sig-long", expiresAt: now + 3600, now: now + 120))
            #expect(try await compacted.insertReplayKey("sig-short", expiresAt: now + 200, now: now + 120))
            #expect(try await compacted.insertReplayKey("sig-removed", expiresAt: now + 3600, now: now + 120))
            await compacted.close()
        }
    }

    /// Values of a secret namespace are sealed in the journal and the snapshot, and read back
    /// after a restart and a compaction; other namespaces' values are plain.
    @Test func secretEntries_AreSealedAtRest_AndReadBackAfterRestartAndCompaction() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let now = StoreFixtures.now
            let secret = EntryNamespace("test_sessions", secret: true)
            let store = try await harness.open()
            try await store.writeEntry(secret, key: "user-1", value: "session-key-plaintext", expiresAt: now + 3600, now: now, when: .always)
            try await store.writeEntry(.replay, key: "sig", value: "plain-value", expiresAt: now + 3600, now: now, when: .always)
            await store.close()
            let journal = try harness.text(harness.journalPath)
            #expect(!journal.contains("session-key-plaintext"))
            #expect(journal.contains("plain-value"))

            let reopened = try await harness.open()
            #expect(try await reopened.entry(secret, key: "user-1", now: now)?.value == "session-key-plaintext")
            try await reopened.compact()
            await reopened.close()
            #expect(!(try harness.text(harness.snapshotPath)).contains("session-key-plaintext"))
            let compacted = try await harness.open()
            #expect(try await compacted.entry(secret, key: "user-1", now: now)?.value == "session-key-plaintext")
            await compacted.close()
        }
    }

    /// `replay_key` lines, as the first release of the replay window wrote them, load as entries.
    @Test func replayKeyLinesOfTheFirstRelease_LoadAsReplayEntries() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try FileManager.default.createDirectory(atPath: directory.storePath, withIntermediateDirectories: true)
            let at = StoreFixtures.now.timeIntervalSinceReferenceDate
            let lines = [
                #"{"seq":0,"batch":0,"type":"journal","data":{"format":1,"base":0}}"#,
                #"{"seq":1,"batch":1,"type":"replay_key","data":{"key":"sig-old","expiresAt":\#(at + 3600),"recordedAt":\#(at)}}"#,
                #"{"seq":2,"batch":2,"type":"replay_key","data":{"key":"sig-gone","expiresAt":\#(at + 3600),"recordedAt":\#(at)}}"#,
                #"{"seq":3,"batch":3,"type":"replay_key_delete","data":{"key":"sig-gone"}}"#,
            ]
            try harness.write(lines.flatMap(JournalEditing.reframed), to: harness.journalPath)
            let store = try await harness.open()
            #expect(try await !store.insertReplayKey("sig-old", expiresAt: StoreFixtures.now + 3600, now: StoreFixtures.now))
            #expect(try await store.insertReplayKey("sig-gone", expiresAt: StoreFixtures.now + 3600, now: StoreFixtures.now))
            await store.close()
        }
    }

    /// A journal as the release before the replay window wrote it (no replay lines), holding a
    /// ticket dated 2100: it loads, and a ticket received later replaces that one (issue 11.1).
    @Test func journalWrittenBeforeTheReplayWindow_Loads_AndItsFutureDatedTicketGivesWay() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try FileManager.default.createDirectory(atPath: directory.storePath, withIntermediateDirectories: true)
            let received = StoreFixtures.now.timeIntervalSinceReferenceDate
            let year2100 = Date(timeIntervalSince1970: 4_102_444_800)
            let lines = [
                #"{"seq":0,"batch":0,"type":"journal","data":{"format":1,"base":0}}"#,
                #"{"seq":1,"batch":1,"type":"ticket","data":{"componentAppID":"wxcomponent0001","ticket":"ticket-from-2100","#
                    + #""receivedAt":\#(received),"createTime":\#(year2100.timeIntervalSinceReferenceDate)}}"#,
            ]
            try harness.write(lines.flatMap(JournalEditing.reframed), to: harness.journalPath)

            let store = try await harness.open()
            #expect(try store.ticket(componentAppID: StoreFixtures.componentAppID)?.createTime == year2100)
            let later = StoredTicket(componentAppID: StoreFixtures.componentAppID, ticket: "real-ticket",
                                     receivedAt: StoreFixtures.now + 600, createTime: StoreFixtures.now + 600)
            let old = StoredTicket(componentAppID: StoreFixtures.componentAppID, ticket: "ticket-from-2100",
                                   receivedAt: StoreFixtures.now, createTime: year2100)
            #expect(try await store.saveTicket(later) == .stored(replaced: old))
            #expect(try await store.insertReplayKey("sig-new", expiresAt: StoreFixtures.now + 3600, now: StoreFixtures.now))
            await store.close()

            let reopened = try await harness.open()
            #expect(try reopened.ticket(componentAppID: StoreFixtures.componentAppID) == later)
            #expect(try await !reopened.insertReplayKey("sig-new", expiresAt: StoreFixtures.now + 3600, now: StoreFixtures.now))
            await reopened.close()
        }
    }

    @Test func files_Are0600_AndTheDirectory0700() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            try await populate(store)
            try await store.compact()
            #expect(try mode(of: directory.storePath) == 0o700)
            for file in ["LOCK", "journal.jsonl", "snapshot.jsonl"] {
                #expect(try mode(of: directory.storePath + "/" + file) == 0o600, "\(file)")
            }
            await store.close()
        }
    }

    @Test func loosePermissions_AreTightened_WithAWarning() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            try await harness.open().close()
            chmod(directory.storePath, 0o755)
            chmod(harness.journalPath, 0o644)

            let store = try await harness.open()
            #expect(try mode(of: directory.storePath) == 0o700)
            #expect(try mode(of: harness.journalPath) == 0o600)
            let warnings = harness.logLines("store_permissions_tightened")
            #expect(warnings.count == 2)
            #expect(warnings.contains { $0.contains("was=755") && $0.contains("now=700") })
            #expect(warnings.contains { $0.contains("journal.jsonl") && $0.contains("was=644") })
            await store.close()
        }
    }

    @Test func secondOpen_FailsWithLocked_UntilTheFirstCloses() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let first = try await harness.open()
            await #expect(throws: StoreError.locked(path: directory.storePath)) { try await harness.open() }
            #expect(StoreError.locked(path: directory.storePath).description.contains("stop it first"))
            await first.close()
            let second = try await harness.open()
            await second.close()
        }
    }

    @Test func closedStore_RefusesWrites() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath)
            let store = try await harness.open()
            await store.close()
            await #expect(throws: StoreError.io(path: directory.storePath, operation: "write to a closed store", errno: EBADF)) {
                try await store.saveTicket(StoreFixtures.ticket())
            }
        }
    }

    @Test func newStore_IsCreatedWithItsParents() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.path + "/a/b/data")
            let store = try await harness.open()
            try await store.saveTicket(StoreFixtures.ticket())
            await store.close()
            #expect(try mode(of: directory.path + "/a/b/data") == 0o700)
            #expect(harness.logLines("store_compacted").first?.contains("reason=new_store") == true)
        }
    }

    func mode(of path: String) throws -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError.io(path: path, operation: "stat", errno: errno) }
        return info.st_mode & 0o777
    }
}
