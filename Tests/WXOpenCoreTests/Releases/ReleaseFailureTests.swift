import Foundation
import Synchronization
import Testing
import WeChat
import WeChatSimulator
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// WeChat's refusals, busy answers and "not now"s, and the cap on calls at once.
@Suite struct ReleaseFailureTests {
    typealias Harness = ReleaseHarness

    @Test func busyAnswers_BackOffExponentially_OnTheInjectedSleeper_ThenCommitOnce() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(1)
        _ = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        h.simulator.injectFault(.errcode(-1), endpoint: "wxa_commit", count: 3)
        await h.drive()
        #expect(h.slept.all == [.seconds(1), .seconds(2), .seconds(4)])
        #expect(h.simulator.code(of: appIDs[0])?.commits == 1)
        #expect(h.simulator.counters()["wxa_commit"] == 4)
        await h.stop()
    }

    @Test func busyAnswers_PastTheAttempts_PutTheStepOff_AndItIsCheckedBeforeItIsMadeAgain() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(1)
        let id = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        h.simulator.injectFault(.errcode(-1), endpoint: "wxa_commit", count: 4)
        await h.drive()
        let account = try #require(try await h.rollout(id).accounts[appIDs[0]])
        #expect(account["state"] as? String == "pending")
        #expect((account["error"] as? String)?.contains("errcode -1") == true)
        #expect(h.simulator.code(of: appIDs[0]) == nil)

        h.clock.advance(by: TimeInterval(Configuration.Releases().retryDelaySeconds))
        await h.drive()
        #expect(h.simulator.counters()["wxa_getversioninfo"] == 1)
        #expect(h.simulator.code(of: appIDs[0])?.commits == 1)
        #expect(try await h.rollout(id).counts["auditing"] == 1)
        await h.stop()
    }

    @Test func codeCheckStillRunning_61039_IsRetriedLater_WithoutCommittingAgain() async throws {
        let h = try await Harness.start(simulatorConfigure: { $0.codeCheckDuration = 30 })
        let appIDs = try await h.miniPrograms(2)
        let id = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        var rollout = try await h.rollout(id)
        #expect(rollout.counts["committed"] == 2)
        #expect(rollout.accounts[appIDs[0]]?["wechat_errcode"] as? Int == 61039)

        h.clock.advance(by: TimeInterval(Configuration.Releases().retryDelaySeconds))
        await h.drive()
        rollout = try await h.rollout(id)
        #expect(rollout.counts["auditing"] == 2)
        #expect(rollout.accounts[appIDs[0]]?["error"] is NSNull)
        #expect(appIDs.allSatisfy { h.simulator.code(of: $0)?.commits == 1 })
        await h.stop()
    }

    @Test func refusal_FailsTheAccount_WithWeChatsErrcode_AndRetryGoesBackWhereItFailed() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(2)
        let id = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        h.simulator.injectFault(.errcode(85020, errmsg: "status not allowed"), endpoint: "wxa_release")
        for appID in appIDs { try await h.simulator.decideAudit(appID: appID, outcome: .approved) }
        await h.drive()
        var rollout = try await h.rollout(id)
        #expect(rollout.counts["failed"] == 1)
        #expect(rollout.counts["released"] == 1)
        let failed = try #require(rollout.accounts.first { $0.value["state"] as? String == "failed" })
        #expect(failed.value["wechat_errcode"] as? Int == 85020)
        #expect((failed.value["error"] as? String)?.contains("status not allowed") == true)
        #expect(rollout.json["state"] as? String == "finished")

        #expect(try await h.api("POST", "/api/v1/mini-program/releases/\(id)/accounts/\(failed.key)/retry").status == 200)
        await h.drive()
        rollout = try await h.rollout(id)
        #expect(rollout.counts["released"] == 2)
        // Back to the release, not to a new commit.
        #expect(h.simulator.code(of: failed.key)?.commits == 1)
        #expect(h.simulator.code(of: failed.key)?.audits.count == 1)
        await h.stop()
    }

    @Test func reviewQuota_85085_PausesTheRollout_WithTheReason() async throws {
        let h = try await Harness.start()
        let appIDs = try await h.miniPrograms(1)
        let id = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        h.simulator.injectFault(.errcode(85085, errmsg: "submit audit reach limit"), endpoint: "wxa_submit_audit")
        await h.drive()
        let rollout = try await h.rollout(id)
        #expect(rollout.json["state"] as? String == "paused")
        #expect((rollout.json["pause_reason"] as? String)?.contains("85085") == true)
        #expect(rollout.accounts[appIDs[0]]?["state"] as? String == "committed")
        _ = try await h.api("POST", "/api/v1/mini-program/releases/\(id)/resume")
        h.clock.advance(by: TimeInterval(Configuration.Releases().retryDelaySeconds))
        await h.drive()
        #expect(try await h.rollout(id).counts["auditing"] == 1)
        await h.stop()
    }

    /// Holds commits until as many as the cap arrive: a fifth at once would show as a peak of 5.
    final class GateTransport: WeChatTransport {
        let inner: any WeChatTransport
        let cap: Int
        private let state = Mutex<(inFlight: Int, peak: Int, waiting: [CheckedContinuation<Void, Never>])>((0, 0, []))

        init(_ inner: any WeChatTransport, cap: Int) {
            self.inner = inner
            self.cap = cap
        }

        var peak: Int { state.withLock { $0.peak } }

        func send(_ request: WeChatHTTPRequest) async throws -> WeChatHTTPResponse {
            guard request.url.path == "/wxa/commit" else { return try await inner.send(request) }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let release = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                    state.inFlight += 1
                    state.peak = max(state.peak, state.inFlight)
                    state.waiting.append(continuation)
                    guard state.waiting.count >= cap else { return [] }
                    defer { state.waiting = [] }
                    return state.waiting
                }
                for waiter in release { waiter.resume() }
            }
            defer { state.withLock { $0.inFlight -= 1 } }
            return try await inner.send(request)
        }
    }

    @Test func upstreamCalls_AreCappedAtTheConcurrencySetting() async throws {
        let gate = Mutex<GateTransport?>(nil)
        let h = try await Harness.start(transport: { network in
            let transport = GateTransport(network, cap: 4)
            gate.withLock { $0 = transport }
            return transport
        })
        let appIDs = try await h.miniPrograms(8)
        _ = try await h.startRollout(ReleaseRolloutTests.body(template: h.simulator.createTemplate(userVersion: "2.1.0")))
        await h.drive()
        #expect(try #require(gate.withLock { $0 }).peak == 4)
        #expect(appIDs.allSatisfy { h.simulator.code(of: $0)?.commits == 1 })
        await h.stop()
    }
}
