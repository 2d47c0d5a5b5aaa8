import Foundation
import Synchronization
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// Issue 13: the database goes away under load and comes back. The store reaches PostgreSQL
/// through a `TCPForwarder` the test cuts and restores, so the server other tests share is
/// never stopped.
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct StoreOutageTests {
    /// What the load saw.
    final class Load: Sendable {
        let tokenStatuses = Mutex<[Int: Int]>([:])
        let acknowledged = Mutex<[String]>([])
        let refused = Mutex(0)
        /// Which pushers have been refused: once all have, none has a write from before the cut in flight.
        let refusedPushers = Mutex<Set<Int>>([])
        let next = Mutex(0)
        let stopped = Atomic<Bool>(false)
    }

    static func seededAppID(_ number: Int) -> String { String(format: "wx%016x", 0xdead_0000_0000 + number) }

    /// `url` with its port replaced by `port`.
    static func through(_ url: String, port: Int) throws -> String {
        let direct = try #require(url.range(of: #":[0-9]+/"#, options: .regularExpression))
        return url.replacingCharacters(in: direct, with: ":\(port)/")
    }

    @Test func databaseCut_UnderLoad_ServesCachedTokens_AcknowledgesNothing_AndResumes() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let direct = try #require(url.range(of: #":[0-9]+/"#, options: .regularExpression))
            let proxy = try TCPForwarder(targetPort: Int(url[direct].dropFirst().dropLast())!)
            defer { proxy.stop() }
            // Real backoff (100 ms doubling to 2 s): a reconnect loop without waits would spin.
            let store = try await PostgresStore.open(url: try Self.through(url, port: proxy.port), key: StoreFixtures.key,
                                                     componentAppID: SimulatorConfiguration.Demo.componentAppID, logger: .discard)
            let harness = try await PlatformHarness.start(store: store)
            try await harness.pushTicket()
            _ = try await harness.simulator.authorize(appID: PlatformHarness.officialAccount, sendPush: true)
            let account = "/api/v1/authorizers/\(PlatformHarness.officialAccount)/access-token"
            let warm = try #require(try await harness.api("GET", account).json["access_token"] as? String)
            let seeded = 2000, now = harness.clock.now()
            for number in 0..<seeded {
                let appID = Self.seededAppID(number)
                try await store.updateAuthorizer(appID: appID) { _ in
                    var record = AuthorizerRecord(appID: appID, componentAppID: SimulatorConfiguration.Demo.componentAppID, updatedAt: now - 3600)
                    record.refreshToken = "refreshtoken@@@outage-\(number)"
                    record.authorizedAt = now - 3600
                    return record
                }
            }

            let load = Load()
            let readers = Task {
                while !load.stopped.load(ordering: .relaxed) {
                    let status = (try? await harness.api("GET", account))?.status ?? -1
                    load.tokenStatuses.withLock { $0[status, default: 0] += 1 }
                    try? await Task.sleep(for: .milliseconds(2))
                }
            }
            let pushers = (0..<4).map { pusher in
                Task {
                    var number = load.next.withLock { $0 += 1; return $0 - 1 }
                    while !load.stopped.load(ordering: .relaxed), number < seeded {
                        let appID = Self.seededAppID(number)
                        let push = SignedPush.component(SignedPush.unauthorizedXML(appID, createTime: harness.clock.now()), at: harness.clock.now())
                        let response = try? await push.send(to: harness)
                        if response?.status == 200, response?.text == "success" {
                            load.acknowledged.withLock { $0.append(appID) }
                            number = load.next.withLock { $0 += 1; return $0 - 1 }
                        } else {
                            // As WeChat does: the same push again, a little later.
                            load.refused.withLock { $0 += 1 }
                            load.refusedPushers.withLock { _ = $0.insert(pusher) }
                            try? await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
            }
            func acknowledged() -> Int { load.acknowledged.withLock { $0.count } }
            #expect(try await eventually { acknowledged() >= 20 }, "pushes are acknowledged before the cut")

            proxy.cut()
            // A push whose write committed just before the cut may still be acknowledged; once
            // every pusher has been refused, none is left in flight.
            #expect(try await eventually { load.refusedPushers.withLock { $0.count } == pushers.count },
                    "a push during the cut is answered with an error")
            let cutAt = acknowledged()
            let ready = try await harness.get(harness.platformURL + "/readyz")
            #expect(ready.status == 503 && ready.text.contains("store"), "readyz: \(ready.text)")
            // A token that needs the store (none held in memory) is a 503 saying so, not a 500.
            let cold = try await harness.api("GET", "/api/v1/authorizers/\(Self.seededAppID(seeded - 1))/access-token")
            #expect(cold.status == 503 && (cold.json["error"] as? [String: Any])?["code"] as? String == "store_unavailable")
            // …and the answer the OpenAPI document gives the route.
            let coldURL = URL(string: harness.platformURL + "/api/v1/authorizers/\(Self.seededAppID(seeded - 1))/access-token")!
            let raw = try await harness.browser.send(WeChatHTTPRequest(method: "GET", url: coldURL, headers: ["Authorization": "Bearer " + harness.apiKey],
                                                                       body: nil, timeout: 30))
            #expect(try OpenAPIContract().problems("GET", "/api/v1/authorizers/{appid}/access-token", status: raw.status, headers: raw.headers,
                                               body: raw.body) == [])
            try await Task.sleep(for: .milliseconds(500))
            #expect(acknowledged() == cutAt, "nothing is acknowledged while the database is away")

            proxy.restore()
            let resumed = ContinuousClock.now
            #expect(try await eventually { try await harness.get(harness.platformURL + "/readyz").status == 200 })
            #expect(try await eventually { acknowledged() > cutAt + 10 }, "pushes are acknowledged again")
            let downtime = ContinuousClock.now - resumed
            load.stopped.store(true, ordering: .relaxed)
            await readers.value
            for pusher in pushers { await pusher.value }

            let statuses = load.tokenStatuses.withLock { $0 }
            #expect(statuses.keys.sorted() == [200], "the warm token was served throughout: \(statuses)")
            #expect(try await harness.api("GET", account).json["access_token"] as? String == warm)
            #expect(downtime < .seconds(10), "resumed within seconds: \(downtime)")
            // Every acknowledged push is in the database, read over a connection of its own.
            let check = try await PostgresStore.open(url: url, key: StoreFixtures.key, logger: .discard,
                                                     configuration: .init(notifications: false), sleeper: Sleepers.none)
            for appID in load.acknowledged.withLock({ $0 }) {
                #expect(try await check.authorizer(appID: appID)?.status == .revoked, "\(appID) was acknowledged")
            }
            await check.close()
            await harness.stop()
        }
    }

    /// Waits (up to 20 s of real time) until `condition` holds.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
