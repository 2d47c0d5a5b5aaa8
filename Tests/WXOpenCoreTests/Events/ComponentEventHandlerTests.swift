import Foundation
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 11.1 and 11.2: what the authorization event URL does with tickets dated in the future
/// and with `unauthorized` pushes that are stale, replayed or for no account of ours, on the
/// file store across restarts where that is the point.
@Suite struct ComponentEventHandlerTests {
    typealias Harness = PlatformHarness
    typealias Demo = SimulatorConfiguration.Demo
    static let account = Harness.officialAccount
    /// 2100-01-01, as in the outside test.
    static let year2100 = 4_102_444_800

    /// The platform on a file store at `path`; stopping the harness closes the store, so starting
    /// another on the same path is a restart.
    static func start(path: String, clock: ManualClock) async throws -> Harness {
        try await Harness.start(clock: clock, store: try await FileStore(path: path, logger: .discard, clock: clock))
    }

    /// An account as an exchange leaves it, authorized at `date`.
    static func storeAuthorized(_ appID: String, in store: any Store, at date: Date, refreshToken: String) async throws {
        try await store.updateAuthorizer(appID: appID) { existing in
            var record = existing ?? AuthorizerRecord(appID: appID, componentAppID: Demo.componentAppID, updatedAt: date)
            record.status = .authorized
            record.revokedAt = nil
            record.accessToken = "access-\(refreshToken)"
            record.refreshToken = refreshToken
            record.authorizedAt = date
            record.updatedAt = date
            return record
        }
    }

    func ticket(_ harness: Harness) async throws -> StoredTicket? {
        try await harness.store.ticket(componentAppID: Demo.componentAppID)
    }

    func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }

    // MARK: Tickets dated in the future (11.1)

    @Test func ticketDatedMoreThanTenMinutesAhead_IsRefused_AnsweredSuccess_AndRecorded() async throws {
        let harness = try await Harness.start()
        let now = seconds(harness.clock.now())
        let far = try await SignedPush.component(SignedPush.ticketXML("from-2100", createTime: Self.year2100), at: harness.clock.now())
            .send(to: harness)
        #expect(far.status == 200)
        #expect(far.text == "success")
        #expect(try await ticket(harness) == nil)
        #expect(harness.logs.lines.contains { $0.contains("event=ticket_refused") && $0.contains("create_time=\(Self.year2100)") })
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "push.ticket_refused")).count == 1)

        let lead = Int(ComponentEventHandler.maxTicketLead)
        _ = try await SignedPush.component(SignedPush.ticketXML("at-the-limit", createTime: now + lead), at: harness.clock.now())
            .send(to: harness)
        #expect(try await ticket(harness)?.ticket == "at-the-limit")
        _ = try await SignedPush.component(SignedPush.ticketXML("past-the-limit", createTime: now + lead + 1), at: harness.clock.now())
            .send(to: harness)
        #expect(try await ticket(harness)?.ticket == "at-the-limit")
        await harness.stop()
    }

    /// A store that took a 2100 ticket before this fix: later tickets still win, the component
    /// token follows them, and readiness says why it cannot be had until then.
    @Test func futureDatedTicketStoredBeforeTheFix_DoesNotLockOutLaterTickets_AcrossRestarts() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let old = try await FileStore(path: directory.storePath, logger: .discard, clock: clock)
            try await old.saveTicket(StoredTicket(componentAppID: Demo.componentAppID, ticket: "forged-ticket-from-2100",
                                                  receivedAt: clock.now(), createTime: Date(timeIntervalSince1970: TimeInterval(Self.year2100))))
            await old.close()
            clock.advance(by: 600)

            let harness = try await Self.start(path: directory.storePath, clock: clock)
            // WeChat refuses the forged ticket (61006); keep it from pushing a new one on its own.
            harness.simulator.injectFault(.errcode(-1), endpoint: "api_start_push_ticket", count: 10)
            let locked = try await harness.get(harness.platformURL + "/readyz")
            #expect(locked.status == 503)
            #expect(locked.text.contains("component_access_token cannot be obtained"))
            #expect(locked.text.contains("61006"))

            try await harness.pushTicket()
            let real = try #require(try await ticket(harness))
            #expect(real.ticket != "forged-ticket-from-2100")
            #expect(try await harness.get(harness.platformURL + "/readyz").status == 200)
            await harness.stop()

            clock.advance(by: 60)
            let restarted = try await Self.start(path: directory.storePath, clock: clock)
            #expect(try await ticket(restarted) == real)
            #expect(try await restarted.get(restarted.platformURL + "/readyz").status == 200)
            await restarted.stop()
        }
    }

    // MARK: The replay window (11.2)

    @Test func replayedTicketPush_AfterARestart_IsTakenForTheReplayItIs() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let harness = try await Self.start(path: directory.storePath, clock: clock)
            let first = SignedPush.component(SignedPush.ticketXML("first", createTime: seconds(clock.now())), at: clock.now())
            #expect(try await first.send(to: harness).text == "success")
            clock.advance(by: 10)
            let second = SignedPush.component(SignedPush.ticketXML("second", createTime: seconds(clock.now())), at: clock.now())
            #expect(try await second.send(to: harness).text == "success")
            await harness.stop()

            clock.advance(by: 10)
            let restarted = try await Self.start(path: directory.storePath, clock: clock)
            #expect(try await first.send(to: restarted).text == "success")
            #expect(try await ticket(restarted)?.ticket == "second")
            #expect(try await ticket(restarted)?.receivedAt == clock.now() - 10)
            #expect(restarted.logs.contains("event=push_duplicate"))
            await restarted.stop()
        }
    }

    /// The outside tester's case: captured inside the timestamp window, replayed after a restart,
    /// once the account had authorized again.
    @Test func unauthorizedPushReplayedAfterARestart_IsAnsweredWithoutRevoking() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let harness = try await Self.start(path: directory.storePath, clock: clock)
            try await Self.storeAuthorized(Self.account, in: harness.store, at: clock.now() - 3600, refreshToken: "refresh-1")
            let captured = SignedPush.component(SignedPush.unauthorizedXML(Self.account, createTime: clock.now()), at: clock.now())
            #expect(try await captured.send(to: harness).text == "success")
            #expect(try await harness.store.authorizer(appID: Self.account)?.status == .revoked)
            clock.advance(by: 20)
            try await Self.storeAuthorized(Self.account, in: harness.store, at: clock.now(), refreshToken: "refresh-2")
            await harness.stop()

            clock.advance(by: 30)
            let restarted = try await Self.start(path: directory.storePath, clock: clock)
            let response = try await captured.send(to: restarted)
            #expect(response.status == 200)
            #expect(response.text == "success")
            let record = try #require(try await restarted.store.authorizer(appID: Self.account))
            #expect(record.status == .authorized)
            #expect(record.refreshToken == "refresh-2")
            #expect(restarted.logs.contains("event=push_duplicate"))
            await restarted.stop()
        }
    }

    // MARK: Which unauthorized pushes revoke (11.2)

    /// The class behind the replay: a revocation made before the latest authorization (a late
    /// retry from WeChat, here an authorization that moved on while the account stayed authorized).
    @Test func unauthorizedPushOlderThanTheLatestAuthorization_DoesNotRevoke() async throws {
        let harness = try await Harness.start()
        try await harness.pushTicket()
        _ = try await harness.simulator.authorize(appID: Self.account)
        let firstAuthorization = try #require(try await harness.store.authorizer(appID: Self.account)?.authorizedAt)
        harness.clock.advance(by: 100)
        _ = try await harness.simulator.updatePermissions(appID: Self.account, funcIDs: [1, 2, 3])
        let latest = try #require(try await harness.store.authorizer(appID: Self.account))
        #expect(latest.authorizedAt == firstAuthorization + 100)

        let made = firstAuthorization + 50
        let late = SignedPush.component(SignedPush.unauthorizedXML(Self.account, createTime: made), at: harness.clock.now())
        #expect(try await late.send(to: harness).text == "success")
        let record = try #require(try await harness.store.authorizer(appID: Self.account))
        #expect(record.status == .authorized)
        #expect(record.refreshToken == latest.refreshToken)
        #expect(harness.logs.contains("event=push_unauthorized_ignored"))
        #expect(try await harness.store.recentEvents(EventQuery(appID: Self.account, kindPrefix: "push.unauthorized")).first?.outcome == "ignored")

        // One made after the latest authorization revokes.
        harness.clock.advance(by: 1)
        let real = SignedPush.component(SignedPush.unauthorizedXML(Self.account, createTime: harness.clock.now()), at: harness.clock.now())
        #expect(try await real.send(to: harness).text == "success")
        #expect(try await harness.store.authorizer(appID: Self.account)?.status == .revoked)
        await harness.stop()
    }

    @Test func unauthorizedPushForAnUnknownAccount_CreatesNoRecord() async throws {
        let harness = try await Harness.start()
        let push = SignedPush.component(SignedPush.unauthorizedXML("wx0000neverseen000", createTime: harness.clock.now()),
                                        at: harness.clock.now())
        #expect(try await push.send(to: harness).text == "success")
        #expect(try await harness.store.authorizer(appID: "wx0000neverseen000") == nil)
        #expect(try await harness.store.authorizerCounts().total == 0)
        #expect(try await harness.store.recentEvents(EventQuery(kindPrefix: "authorizer.")).isEmpty)
        await harness.stop()
    }
}
