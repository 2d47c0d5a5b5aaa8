import Foundation
import Synchronization
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// A restart mid-rollout: a commit (or submit) WeChat carried out whose answer never came back is
/// checked with WeChat when the rollout is taken up again, and never made twice.
@Suite struct ReleaseRestartTests {
    typealias Harness = ReleaseHarness

    /// Passes calls on, but holds the answers of the first `count` calls to `path` until the
    /// caller is cancelled: WeChat did the work, the process died before it heard.
    final class HoldingTransport: WeChatTransport {
        let inner: any WeChatTransport
        let path: String
        private let state: Mutex<(left: Int, held: Int)>

        init(_ inner: any WeChatTransport, holding path: String, count: Int) {
            self.inner = inner
            self.path = path
            state = Mutex((count, 0))
        }

        var held: Int { state.withLock { $0.held } }

        func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
            let response = try await inner.send(request)
            let hold = request.url.path == path && state.withLock { state in
                guard state.left > 0 else { return false }
                state.left -= 1
                state.held += 1
                return true
            }
            if hold { try await Task.sleep(for: .seconds(3600)) }
            return response
        }
    }

    /// Passes calls on and loses the answers of the first `count` calls to `path` (a timeout
    /// after WeChat did the work).
    final class LosingTransport: WeChatTransport {
        let inner: any WeChatTransport
        let path: String
        /// Time passing while the lost answer is waited for.
        let delay: (clock: ManualClock, seconds: TimeInterval)?
        private let left: Mutex<Int>

        init(_ inner: any WeChatTransport, losing path: String, count: Int, delay: (ManualClock, TimeInterval)? = nil) {
            self.inner = inner
            self.path = path
            self.delay = delay
            left = Mutex(count)
        }

        func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
            let response = try await inner.send(request)
            let lose = request.url.path == path && left.withLock { left in
                defer { left -= 1 }
                return left > 0
            }
            if lose {
                if let delay { delay.clock.advance(by: delay.seconds) }
                throw WeChatTransportError.timedOut(after: 10)
            }
            return response
        }
    }

    @Test func restart_OnTheSameFileStore_MidCommit_ChecksWithWeChat_AndCommitsEachAccountOnce() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let holding = Mutex<HoldingTransport?>(nil)
            let first = try await Harness.start(store: try await FileStore(path: directory.storePath, logger: .discard, clock: clock),
                                                transport: { network in
                let transport = HoldingTransport(network, holding: "/wxa/commit", count: 2)
                holding.withLock { $0 = transport }
                return transport
            })
            let appIDs = try await first.miniPrograms(6)
            let id = try await first.startRollout(ReleaseRolloutTests.body(template: first.simulator.createTemplate(userVersion: "2.1.0")))

            // The pass commits all six; two of them never hear back. Then the process "dies".
            let pass = Task { await first.app.releaseRunner.runOnce() }
            let transport = try #require(holding.withLock { $0 })
            let store = first.releases.store
            await first.service.wait(until: {
                let committed = (try? await store.accounts(of: id))?.filter { $0.value.phase == .committed }.count ?? 0
                return transport.held == 2 && committed == 4
            }, "four commits recorded and two held")
            pass.cancel()
            _ = await pass.value
            #expect(appIDs.allSatisfy { first.simulator.code(of: $0)?.commits == 1 })
            let inFlight = try await store.accounts(of: id).filter { $0.value.phase == .committing }
            #expect(inFlight.count == 2)
            #expect(inFlight.allSatisfy { $0.value.leaseUntil != nil && $0.value.intentAt != nil })

            let second = try await first.restarted(store: { try await FileStore(path: directory.storePath, logger: .discard, clock: clock) })
            // Their leases still run: nothing happens to them yet.
            await second.drive()
            #expect(try await second.rollout(id).counts["pending"] == 2)
            first.clock.advance(by: TimeInterval(Configuration.Releases().leaseSeconds) + 1)
            await second.drive()

            #expect(appIDs.allSatisfy { second.simulator.code(of: $0)?.commits == 1 })
            #expect(appIDs.allSatisfy { second.simulator.code(of: $0)?.audits.count == 1 })
            #expect(try await second.rollout(id).counts["auditing"] == 6)
            #expect(second.simulator.counters()["wxa_getversioninfo"] == 2)
            #expect(second.logs.lines.filter { $0.contains("event=release_step_resumed") }.count == 2)
            await second.stop()
        }
    }

    @Test func lostSubmitAnswer_IsAdoptedFromTheLatestAudit_NotSubmittedAgain() async throws {
        let h = try await Harness.start(transport: { LosingTransport($0, losing: "/wxa/submit_audit", count: 2) })
        let appIDs = try await h.miniPrograms(3)
        let id = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        var rollout = try await h.rollout(id)
        #expect(rollout.counts["auditing"] == 1)
        #expect(rollout.counts["committed"] == 2)
        #expect(rollout.accounts.values.filter { ($0["error"] as? String)?.contains("timed out") == true }.count == 2)

        h.clock.advance(by: TimeInterval(Configuration.Releases().retryDelaySeconds))
        await h.drive()
        rollout = try await h.rollout(id)
        #expect(rollout.counts["auditing"] == 3)
        #expect(appIDs.allSatisfy { h.simulator.code(of: $0)?.audits.count == 1 })
        #expect(h.simulator.counters()["wxa_submit_audit"] == 3)
        #expect(h.simulator.counters()["wxa_get_latest_auditstatus"] == 2)
        for appID in appIDs {
            #expect(rollout.accounts[appID]?["auditid"] as? Int == h.simulator.code(of: appID)?.latestAudit.map { Int($0.id) })
        }
        await h.stop()
    }

    /// WeChat did the commit early in a call that then took longer than the clock allowance to
    /// fail: the check measures WeChat's time against when the intent was written, not when the
    /// failure was, so the commit is found and not made again.
    @Test func slowLostCommitAnswer_IsFound_ByTheIntentsTime() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let h = try await Harness.start(clock: clock, transport: {
            LosingTransport($0, losing: "/wxa/commit", count: 1, delay: (clock, ReleaseService.clockAllowance + 100))
        })
        let appIDs = try await h.miniPrograms(1)
        let id = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        #expect(try await h.rollout(id).counts["pending"] == 1)
        h.clock.advance(by: TimeInterval(Configuration.Releases().retryDelaySeconds))
        await h.drive()
        #expect(h.simulator.code(of: appIDs[0])?.commits == 1)
        #expect(try await h.rollout(id).counts["auditing"] == 1)
        await h.stop()
    }
}
