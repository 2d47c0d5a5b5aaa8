import Foundation
import Testing
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Issue 16: the events page's time range, type filter, pages and retention.
@Suite struct EventsPageTests {
    typealias Harness = ConsoleHarness

    static func details(_ reply: ConsoleReply) -> [String] {
        reply.text.components(separatedBy: "<td class=\"detail\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func timeRange_InChinaStandardTime_FromIncluded_UntilExcluded() async throws {
        let harness = try await Harness.start()
        // The harness's clock: 2027-01-15T08:00:00Z, 16:00 in Beijing.
        let now = harness.clock.now()
        for (hoursAgo, detail) in [(30.0, "A"), (5.0, "B"), (2.0, "C"), (0.5, "D")] {
            try await harness.store.appendEvent(EventRecord(at: now - hoursAgo * 3600, kind: "token.refreshed", detail: detail))
        }
        try await harness.store.appendEvent(EventRecord(at: now - 1800, kind: "push.ticket", detail: "E"))
        let browser = try await harness.signedInBrowser()
        let from = ConsoleFormat.localInput(now - 6 * 3600), until = ConsoleFormat.localInput(now - 3600)
        #expect(from == "2027-01-15T10:00" && until == "2027-01-15T15:00")
        let range = try await browser.get("/admin/events?from=\(from)&to=\(until)")
        #expect(Self.details(range) == ["C", "B"])
        #expect(range.text.contains("id=\"from\" name=\"from\" type=\"datetime-local\" value=\"2027-01-15T10:00\""))
        #expect(range.text.contains("id=\"to\" name=\"to\" type=\"datetime-local\" value=\"2027-01-15T15:00\""))
        // Exactly at `to` is excluded, at `from` included.
        #expect(Self.details(try await browser.get("/admin/events?from=2027-01-15T14:00&to=2027-01-15T15:30")) == ["C"])
        #expect(Self.details(try await browser.get("/admin/events?kind=token.&from=2027-01-15T12:00")) == ["D", "C"])
        await harness.stop()
    }

    @Test func quickRanges_LinkFromThatLongAgo_KeepingTheType() async throws {
        let harness = try await Harness.start()
        let page = try await harness.signedInBrowser().get("/admin/events?kind=token.&to=2027-01-15T12:00")
        #expect(page.href(id: "range-1h") == "/admin/events?kind=token.&from=2027-01-15T15%3A00")
        #expect(page.href(id: "range-24h") == "/admin/events?kind=token.&from=2027-01-14T16%3A00")
        #expect(page.href(id: "range-168h") == "/admin/events?kind=token.&from=2027-01-08T16%3A00")
        await harness.stop()
    }

    @Test func aTimeThatCannotBeRead_IsIgnored_WithANote() async throws {
        let harness = try await Harness.start()
        try await harness.store.appendEvent(EventRecord(at: harness.clock.now(), kind: "push.x", detail: "kept"))
        let page = try await harness.signedInBrowser().get("/admin/events?from=yesterday%3Cb%3E")
        #expect(page.status == 200)
        #expect(Self.details(page) == ["kept"])
        #expect(page.text.contains("id=\"events-note\">时间格式应为 2027-01-15T14:00（北京时间），已忽略无法识别的时间。"))
        #expect(page.text.contains("value=\"yesterday&lt;b&gt;\""))
        await harness.stop()
    }

    @Test func olderEvents_PageByTheStoresCursor_KeepingTheFilters() async throws {
        var settings = ConsoleSettings()
        settings.eventsShown = 3
        let harness = try await Harness.start(settings: settings)
        let now = harness.clock.now()
        for index in 1...8 {
            try await harness.store.appendEvent(EventRecord(at: now - Double(100 - index), kind: "token.refreshed", detail: "e\(index)"))
            try await harness.store.appendEvent(EventRecord(at: now - Double(100 - index), kind: "push.other", detail: "p\(index)"))
        }
        let browser = try await harness.signedInBrowser()
        let first = try await browser.get("/admin/events?kind=token.")
        #expect(Self.details(first) == ["e8", "e7", "e6"])
        #expect(!first.text.contains("id=\"newest-events\""))
        let olderLink = try #require(first.href(id: "older-events"))
        #expect(olderLink.hasPrefix("/admin/events?kind=token.&cursor="))
        let second = try await browser.get(olderLink)
        #expect(Self.details(second) == ["e5", "e4", "e3"])
        #expect(second.href(id: "newest-events") == "/admin/events?kind=token.")
        let third = try await browser.get(try #require(second.href(id: "older-events")))
        #expect(Self.details(third) == ["e2", "e1"])
        #expect(third.href(id: "older-events") == nil)
        let broken = try await browser.get("/admin/events?cursor=not-ours")
        #expect(broken.status == 400)
        #expect(broken.text.contains("页码链接无效"))
        await harness.stop()
    }

    @Test func retention_IsTheSettingsKeepDays_AndOlderEventsAreGone() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let harness = try await Harness.start(clock: clock, store: MemoryStore(eventRetention: 7 * 86_400, clock: clock),
                                              configure: { $0.events.keepDays = 7 })
        let now = harness.clock.now()
        try await harness.store.appendEvent(EventRecord(at: now - 8 * 86_400, kind: "push.old", detail: "too old"))
        try await harness.store.appendEvent(EventRecord(at: now - 6 * 86_400, kind: "push.recent", detail: "recent"))
        let page = try await harness.signedInBrowser().get("/admin/events")
        #expect(page.text.contains("事件保留 7 天（events.keepDays），更早的已删除。"))
        #expect(Self.details(page) == ["recent"])
        await harness.stop()
    }

    @Test func aMaliciousDetail_OrAppID_IsEscaped() async throws {
        let harness = try await Harness.start()
        try await harness.store.appendEvent(EventRecord(at: harness.clock.now(), kind: "push.x", detail: "<script>alert(1)</script>"))
        let page = try await harness.signedInBrowser().get("/admin/events?appid=%22%3E%3Cscript%3E")
        #expect(!page.text.contains("\"><script>"))
        #expect(page.text.contains("value=\"&quot;&gt;&lt;script&gt;\""))
        let all = try await harness.signedInBrowser().get("/admin/events")
        #expect(all.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !all.text.contains("<script>alert"))
        await harness.stop()
    }
}
