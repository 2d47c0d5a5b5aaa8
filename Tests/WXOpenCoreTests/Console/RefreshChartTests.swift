import Foundation
import Testing
@testable import WXOpenCore
import WXOpenSupport

/// Issue 16: the dashboard's chart of refreshes and failures per hour over 48 hours.
@Suite struct RefreshChartTests {
    typealias Harness = ConsoleHarness

    @Test func dashboard_DrawsOneBarPerHourWithRefreshesOrFailures_InTheLast48Hours() async throws {
        let harness = try await Harness.start()
        let now = harness.clock.now()
        let hour = EventHourCount.hour(of: now)
        func event(_ kind: String, _ at: Date, outcome: String = "ok") async throws {
            try await harness.store.appendEvent(EventRecord(at: at, kind: kind, appID: "wxchart00001", outcome: outcome, detail: "chart"))
        }
        try await event("token.refreshed", now)
        try await event("token.refreshed", hour - 3600 + 5)
        try await event("token.component_refreshed", hour - 3600 + 50)
        try await event("token.refresh_failed", hour - 3600 + 60, outcome: "failed")
        try await event("token.component_failed", hour - 3 * 3600, outcome: "failed")
        try await event("token.refreshed", hour - 47 * 3600)
        // Not in the chart: older than 48 hours, or not a refresh.
        try await event("token.refreshed", hour - 48 * 3600)
        try await event("push.component_verify_ticket", now)
        try await event("authorizer.status_changed", now, outcome: "failed")

        let page = try await harness.signedInBrowser().get("/admin")
        #expect(page.status == 200)
        let chart = try #require(page.text.components(separatedBy: "<figure class=\"chart\" id=\"refresh-chart\">").last?
            .components(separatedBy: "</figure>").first)
        #expect(chart.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(chart.contains("role=\"img\" aria-label=\"近 48 小时每小时的令牌刷新与失败次数\""))
        func bars(_ kind: String) -> [String: String] {
            var result: [String: String] = [:]
            for part in chart.components(separatedBy: "<rect class=\"\(kind)\" data-hour=\"").dropFirst() {
                let hour = String(part.prefix { $0 != "\"" })
                let count = part.components(separatedBy: "data-count=\"")[1].prefix { $0 != "\"" }
                result[hour] = String(count)
            }
            return result
        }
        #expect(bars("refreshes") == [RFC3339.format(hour): "1", RFC3339.format(hour - 3600): "2", RFC3339.format(hour - 47 * 3600): "1"])
        #expect(bars("failures") == [RFC3339.format(hour - 3600): "1", RFC3339.format(hour - 3 * 3600): "1"])
        // The tallest bar fills the plot: a scale of 2.
        #expect(chart.contains("<text x=\"38\" y=\"16\" text-anchor=\"end\" id=\"chart-scale\">2</text>"))
        #expect(chart.contains("height=\"156\" fill=\"#07c160\"><title>\(ConsoleFormat.time(hour - 3600)) · 刷新 2 次</title></rect>"))
        #expect(chart.contains("<span id=\"chart-summary\">近 48 小时：刷新 4 次，失败 2 次（UTC+8）。</span>"))
        #expect(!chart.contains("<script") && !chart.contains("style=") && !chart.contains(" on"))
        await harness.stop()
    }

    @Test func chart_LabelsHoursInChinaStandardTime_EverySixHours() {
        // 2027-01-15T08:00Z is 16:00 in Beijing; the first of the 48 hours is 16:00 two days before.
        let now = RFC3339.parse("2027-01-15T08:30:00Z")!
        let svg = RefreshChart(counts: [], now: now).render(.en)
        let labels = svg.components(separatedBy: "text-anchor=\"middle\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(labels == ["18:00", "00:00", "06:00", "12:00", "18:00", "00:00", "06:00", "12:00"])
        #expect(svg.contains("Last 48 hours: 0 refreshed, 0 failed (UTC+8)."))
        #expect(!svg.contains("<rect class="))
    }

    @Test func niceCeiling_IsOneTwoOrFiveTimesAPowerOfTen() {
        #expect([0, 1, 2, 3, 6, 10, 11, 99, 120, 4_999].map(RefreshChart.niceCeiling) == [1, 1, 2, 5, 10, 10, 20, 100, 200, 5_000])
    }
}
