import Foundation
import Testing
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 11 (newcomer): a file store belongs to one component, and opening it for another fails
/// naming both appids, which `wxopen serve` turns into exit code 2.
@Suite struct StoreOwnerTests {
    static let ours = "wx1111111111111111"
    static let theirs = "wx2222222222222222"

    func open(_ path: String, componentAppID: String?, logs: MemoryLogSink = MemoryLogSink()) async throws -> FileStore {
        try await FileStore(path: path, componentAppID: componentAppID, logger: Logger(level: .debug, sink: logs),
                            clock: ManualClock(StoreFixtures.now))
    }

    func recorded(_ path: String) throws -> String { try String(contentsOfFile: path + "/component.json", encoding: .utf8) }

    @Test func newStore_RecordsItsComponent_Silently() async throws {
        try await withTemporaryDirectory { directory in
            let logs = MemoryLogSink()
            let store = try await open(directory.storePath, componentAppID: Self.ours, logs: logs)
            await store.close()
            #expect(try recorded(directory.storePath) == #"{"component_appid":"\#(Self.ours)"}"# + "\n")
            #expect(!logs.contains("store_component_adopted"))
            let again = try await open(directory.storePath, componentAppID: Self.ours)
            await again.close()
        }
    }

    @Test func storeOfAnotherComponent_IsRefused_NamingBothAppIDs() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await open(directory.storePath, componentAppID: Self.ours)
            try await store.saveTicket(StoreFixtures.ticket())
            await store.close()
            do {
                let wrong = try await open(directory.storePath, componentAppID: Self.theirs)
                await wrong.close()
                Issue.record("opened another component's store")
            } catch let error as StoreError {
                #expect(error == .otherComponent(path: directory.storePath, stored: Self.ours, configured: Self.theirs))
                #expect(error.description.contains("belongs to component \(Self.ours)"))
                #expect(error.description.contains("names component \(Self.theirs)"))
            }
            // Refused before anything was written, and the lock was let go: ours still opens.
            #expect(try recorded(directory.storePath).contains(Self.ours))
            let reopened = try await open(directory.storePath, componentAppID: Self.ours)
            #expect(try reopened.ticket(componentAppID: StoreFixtures.componentAppID) == StoreFixtures.ticket())
            await reopened.close()
        }
    }

    @Test func storeFromBeforeTheRecord_AdoptsTheConfiguredAppIDOnce_WithALogLine() async throws {
        try await withTemporaryDirectory { directory in
            let old = try await open(directory.storePath, componentAppID: nil)
            try await old.saveTicket(StoreFixtures.ticket())
            await old.close()
            #expect(!FileManager.default.fileExists(atPath: directory.storePath + "/component.json"))

            let logs = MemoryLogSink()
            let adopted = try await open(directory.storePath, componentAppID: Self.ours, logs: logs)
            await adopted.close()
            #expect(logs.lines.filter { $0.contains("event=store_component_adopted") && $0.contains("component_appid=\(Self.ours)") }.count == 1)
            #expect(try recorded(directory.storePath).contains(Self.ours))

            let later = MemoryLogSink()
            let again = try await open(directory.storePath, componentAppID: Self.ours, logs: later)
            await again.close()
            #expect(!later.contains("store_component_adopted"))
            await #expect(throws: StoreError.otherComponent(path: directory.storePath, stored: Self.ours, configured: Self.theirs)) {
                _ = try await open(directory.storePath, componentAppID: Self.theirs)
            }
        }
    }

    @Test func damagedRecord_IsACorruptStore_NotAnAdoption() async throws {
        try await withTemporaryDirectory { directory in
            let store = try await open(directory.storePath, componentAppID: Self.ours)
            await store.close()
            try Data("{\"component\":1}".utf8).write(to: URL(fileURLWithPath: directory.storePath + "/component.json"))
            await #expect(throws: StoreError.corrupt(path: directory.storePath + "/component.json",
                                                     detail: #"it must hold {"component_appid": "wx…"}"#)) {
                _ = try await open(directory.storePath, componentAppID: Self.ours)
            }
        }
    }

    /// What `wxopen serve` runs: `PlatformApp.open` with the configured file store.
    @Test func platform_RefusesToStart_OnAnotherComponentsStore() async throws {
        try await withTemporaryDirectory { directory in
            typealias Demo = SimulatorConfiguration.Demo
            var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                               token: Demo.token, encodingAESKey: Demo.encodingAESKey))
            configuration.store.kind = .file
            configuration.store.path = directory.storePath
            let store = try await open(directory.storePath, componentAppID: Self.theirs)
            await store.close()
            await #expect(throws: StoreError.otherComponent(path: directory.storePath, stored: Self.theirs, configured: Demo.componentAppID)) {
                _ = try await PlatformApp.open(configuration: configuration, logger: .discard, environment: [:])
            }
        }
    }
}
