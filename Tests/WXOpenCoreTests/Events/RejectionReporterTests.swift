import Foundation
import Testing
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 11.9: 2,000 forged pushes in 0.8 s once wrote 3,998 log lines.
@Suite struct RejectionReporterTests {
    struct Fixture {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let logs = MemoryLogSink()
        let store = MemoryStore()
        var logger: Logger { Logger(level: .debug, sink: logs) }
        var reporter: RejectionReporter {
            RejectionReporter(events: EventRecorder(store: store, clock: clock, logger: logger), clock: clock, logger: logger)
        }

        func lines(_ event: String) -> [String] { logs.lines.filter { $0.contains("event=\(event) ") } }
    }

    @Test func flood_LogsTheFirstAtOnce_ThenOneSummaryPerReasonWithTheCount() async throws {
        let fixture = Fixture()
        let reporter = fixture.reporter
        for _ in 0 ..< 2000 {
            await reporter.note(PushRejection("bad-signature (-40001)"), logger: fixture.logger, remote: "203.0.113.9")
            fixture.clock.advance(by: 0.0004)
        }
        #expect(fixture.lines("push_rejected").count == 1)
        #expect(fixture.lines("push_rejected").first?.contains("remote=203.0.113.9") == true)
        #expect(fixture.lines("push_rejected_summary").isEmpty)

        fixture.clock.advance(by: RejectionReporter.interval)
        await reporter.sweep()
        let summaries = fixture.lines("push_rejected_summary")
        #expect(summaries.count == 1)
        #expect(summaries.first?.contains("count=2000") == true)
        #expect(summaries.first?.contains("reason=\"bad-signature (-40001)\"") == true)
        #expect(fixture.logs.lines.count == 2)
        // The event log got one summary too, not 2,000 events.
        #expect(try await fixture.store.recentEvents(EventQuery(kindPrefix: "push.rejected")).count == 1)
    }

    @Test func reasons_AreCountedApart_AndALoneRejectionNeedsNoSummary() async throws {
        let fixture = Fixture()
        let reporter = fixture.reporter
        for number in 0 ..< 300 {
            let reason = number % 3 == 0 ? "stale-timestamp (outside the allowed window)" : "bad-signature (-40001)"
            await reporter.note(PushRejection(reason), logger: fixture.logger, remote: "203.0.113.9")
        }
        await reporter.note(PushRejection("missing msg_signature, timestamp or nonce"), logger: fixture.logger, remote: "x")
        #expect(fixture.lines("push_rejected").count == 3)

        fixture.clock.advance(by: RejectionReporter.interval + 1)
        // The next rejection writes the summaries due, then starts a new interval for its reason.
        await reporter.note(PushRejection("bad-signature (-40001)"), logger: fixture.logger, remote: "203.0.113.9")
        let summaries = fixture.lines("push_rejected_summary")
        #expect(summaries.count == 2)
        #expect(summaries.contains { $0.contains("count=200") && $0.contains("bad-signature") })
        #expect(summaries.contains { $0.contains("count=100") && $0.contains("stale-timestamp") })
        #expect(fixture.lines("push_rejected").count == 4)
    }

    @Test func detail_IsInTheFirstLine_ButRepeatsAreCountedByReason() async throws {
        let fixture = Fixture()
        let reporter = fixture.reporter
        for number in 0 ..< 50 {
            await reporter.note(PushRejection("envelope AppId is not this platform's component appid", detail: "wxforged\(number)"),
                                logger: fixture.logger, remote: "203.0.113.9")
        }
        #expect(fixture.lines("push_rejected").count == 1)
        #expect(fixture.lines("push_rejected").first?.contains("detail=wxforged0") == true)
    }
}
