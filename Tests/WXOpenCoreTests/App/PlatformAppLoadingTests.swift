import Foundation
import HTTPServer
import Synchronization
import Testing
import WeChat
@testable import WXOpenCore
import WeChatSimulator
import WXOpenSupport
import WXOpenTesting

/// Issue 17: `wxopen serve` listens before the store has loaded. `/healthz` answers at once,
/// `/readyz` says it is loading, every other route answers 503 "loading" until the store is open.
@Suite struct PlatformAppLoadingTests {
    /// A store opener that waits until the test lets it finish.
    final class HeldOpener: Sendable {
        private let waiting = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let released = Mutex(false)
        let store = MemoryStore()

        func open() async -> any Store {
            await withCheckedContinuation { continuation in
                let now = released.withLock { released in
                    if !released { waiting.withLock { $0 = continuation } }
                    return released
                }
                if now { continuation.resume() }
            }
            return store
        }

        func release() {
            released.withLock { $0 = true }
            waiting.withLock { continuation in
                continuation?.resume()
                continuation = nil
            }
        }
    }

    func configuration() -> Configuration {
        typealias Demo = SimulatorConfiguration.Demo
        var configuration = Configuration(component: .init(appID: Demo.componentAppID, appSecret: Demo.componentAppSecret,
                                                           token: Demo.token, encodingAESKey: Demo.encodingAESKey))
        configuration.store.kind = .memory
        configuration.admin = .init(username: "admin", passwordHash: PasswordHash.make(password: "correct horse", iterations: 1000))
        return configuration
    }

    func get(_ port: Int, _ path: String) async throws -> WeChatHTTPResponse {
        try await URLSessionTransport().send(WeChatHTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeout: 30))
    }

    @Test func whileTheStoreLoads_OnlyHealthAndReadinessAnswer_ThenEverything() async throws {
        let opener = HeldOpener()
        var http = HTTPServer.Configuration(host: "127.0.0.1", port: 0)
        http.eventLoops = 1
        let app = try PlatformApp.unopened(configuration: configuration(), logger: .discard, environment: [:],
                                           clock: ManualClock(), httpConfiguration: http, sleep: Sleepers.none,
                                           openStore: { await opener.open() })
        try app.start(refresh: false, deliver: false, release: false)
        let loading = Task { try await app.load() }
        let port = app.server.port

        let health = try await get(port, "/healthz")
        #expect(health.status == 200)
        let ready = try await get(port, "/readyz")
        #expect(ready.status == 503)
        #expect(String(decoding: ready.body, as: UTF8.self).contains("\"reason\":\"loading the store\""))
        let api = try await get(port, "/api/v1/authorizers")
        #expect(api.status == 503)
        #expect(api.headers["retry-after"] == "5")
        #expect(String(decoding: api.body, as: UTF8.self).contains("\"code\":\"loading\""))
        let console = try await get(port, "/admin/login")
        #expect(console.status == 503)
        #expect(String(decoding: console.body, as: UTF8.self).hasPrefix("loading:"))

        opener.release()
        try await loading.value
        // Open now: the API wants its key, the console its login, readiness a ticket.
        #expect(try await get(port, "/api/v1/authorizers").status == 401)
        #expect(try await get(port, "/admin/login").status == 200)
        let readyNow = try await get(port, "/readyz")
        #expect(String(decoding: readyNow.body, as: UTF8.self).contains("component_verify_ticket"))
        await app.shutdown()
    }

    /// The console's sorted lists are built once in the background after loading, so the first
    /// operator to sort does not pay for it (~60 ms at 100,000 accounts).
    @Test func afterLoading_TheSortedOrdersAreBuiltInTheBackground() async throws {
        let logs = MemoryLogSink()
        let opener = HeldOpener()
        opener.release()
        let app = try PlatformApp.unopened(configuration: configuration(), logger: Logger(level: .info, sink: logs), environment: [:],
                                           clock: ManualClock(), sleep: Sleepers.none, openStore: { await opener.open() })
        #expect(opener.store.builtSorts == [.appID])
        try await app.load()
        for _ in 0 ..< 3000 where !logs.contains("event=store_sorted_orders_built") { try await Task.sleep(for: .milliseconds(10)) }
        #expect(logs.contains("event=store_sorted_orders_built"))
        #expect(opener.store.builtSorts == Set(AuthorizerSort.allCases))
        await app.shutdown()
    }

    @Test func aStoreThatFailsToOpen_IsThrownByLoad_AndTheGateStaysShut() async throws {
        struct Broken: Error {}
        let app = try PlatformApp.unopened(configuration: configuration(), logger: .discard, environment: [:],
                                           clock: ManualClock(), sleep: Sleepers.none, openStore: { throw Broken() })
        await #expect(throws: Broken.self) { try await app.load() }
        let response = await app.server.router.respond(to: try HTTPRequest(method: .get, target: "/api/v1/authorizers"))
        #expect(response.status == .serviceUnavailable)
    }

    /// The caches subscribe before the store exists; the notices of the store opened later reach them.
    @Test func theOpenedStoresNotices_ReachWhoSubscribedWhileLoading() async throws {
        let loading = LoadingStore()
        let heard = Mutex<[StoreNotice]>([])
        loading.notices.subscribe { notice in heard.withLock { $0.append(notice) } }
        let store = MemoryStore()
        loading.open(store)
        _ = try await loading.updateAuthorizer(appID: "wxloaded0001") { _ in StoreFixtures.authorizer("wxloaded0001") }
        _ = try await store.updateAuthorizer(appID: "wxloaded0002") { _ in StoreFixtures.authorizer("wxloaded0002") }
        #expect(heard.withLock { $0 } == [.authorizer(appID: "wxloaded0001"), .authorizer(appID: "wxloaded0002")])
    }
}
