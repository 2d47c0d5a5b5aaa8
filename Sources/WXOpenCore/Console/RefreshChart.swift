import Foundation
import WXOpenSupport

/// The dashboard's chart: token refreshes and failed refreshes (both kinds, component and
/// authorizer) in each of the last 48 hours, as an SVG drawn on the server. No script: each
/// bar's count is in its `<title>` (the browser's tooltip) and in the summary below; colours are
/// presentation attributes, since the Content-Security-Policy drops inline styles. Read from the
/// store's hour counts (`Store.eventCounts`), never from the events themselves.
struct RefreshChart: Sendable {
    static let hours = 48

    /// One hour's bars.
    struct Hour: Sendable, Equatable {
        var start: Date
        var refreshes = 0
        var failures = 0
    }

    let hours: [Hour]

    /// The last `hours` hours up to and including the one `now` falls in.
    init(counts: [EventHourCount], now: Date) {
        let last = EventHourCount.hour(of: now)
        var hours = (0 ..< Self.hours).map { Hour(start: last - Double(Self.hours - 1 - $0) * 3600) }
        let first = hours[0].start
        for count in counts {
            let index = Int(((count.hour.timeIntervalSince1970 - first.timeIntervalSince1970) / 3600).rounded())
            guard hours.indices.contains(index) else { continue }
            if TokenRefreshes.refreshedEvents.contains(count.kind), count.outcome == "ok" { hours[index].refreshes += count.count }
            if TokenRefreshes.failureEvents.contains(count.kind) { hours[index].failures += count.count }
        }
        self.hours = hours
    }

    /// Where the store's counts for the chart start.
    static func since(_ now: Date) -> Date { EventHourCount.hour(of: now) - Double(hours - 1) * 3600 }

    // The drawing, in SVG user units.
    private static let (width, height) = (760, 200)
    private static let (left, top, bottom) = (44, 12, 168)
    private static let slot = 14

    func render(_ language: Language) -> String {
        let largest = hours.map { max($0.refreshes, $0.failures) }.max() ?? 0
        let scale = Self.niceCeiling(largest)
        let plot = Double(Self.bottom - Self.top)
        func barHeight(_ count: Int) -> Int { count == 0 ? 0 : max(2, Int((Double(count) / Double(scale) * plot).rounded())) }
        var bars = ""
        var labels = ""
        for (index, hour) in hours.enumerated() {
            let x = Self.left + index * Self.slot
            let when = ConsoleFormat.time(hour.start)
            let iso = RFC3339.format(hour.start)
            for (kind, count, offset, colour) in [("refreshes", hour.refreshes, 1, "#07c160"), ("failures", hour.failures, 7, "#d93026")] where count > 0 {
                let h = barHeight(count)
                let label = kind == "refreshes" ? language.t("刷新 \(count) 次", "\(count) refreshed") : language.t("失败 \(count) 次", "\(count) failed")
                bars += "<rect class=\"\(kind)\" data-hour=\"\(iso)\" data-count=\"\(count)\" x=\"\(x + offset)\" y=\"\(Self.bottom - h)\" "
                    + "width=\"6\" height=\"\(h)\" fill=\"\(colour)\"><title>\(HTML.escape(when + " · " + label))</title></rect>"
            }
            // China Standard Time, as every time in the console.
            let localHour = (Int(hour.start.timeIntervalSince1970 / 3600) + 8) % 24
            if localHour % 6 == 0 {
                labels += "<text x=\"\(x + Self.slot / 2)\" y=\"\(Self.bottom + 16)\" text-anchor=\"middle\">\(localHour < 10 ? "0" : "")\(localHour):00</text>"
            }
        }
        let right = Self.left + Self.hours * Self.slot
        let refreshes = hours.reduce(0) { $0 + $1.refreshes }, failures = hours.reduce(0) { $0 + $1.failures }
        let title = language.t("近 48 小时每小时的令牌刷新与失败次数", "Token refreshes and failures per hour, last 48 hours")
        let summary = language.t("近 48 小时：刷新 \(ConsoleFormat.count(refreshes)) 次，失败 \(ConsoleFormat.count(failures)) 次（UTC+8）。",
                                 "Last 48 hours: \(ConsoleFormat.count(refreshes)) refreshed, \(ConsoleFormat.count(failures)) failed (UTC+8).")
        return """
            <figure class="chart" id="refresh-chart">\
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Self.width) \(Self.height)" width="\(Self.width)" height="\(Self.height)" \
            role="img" aria-label="\(HTML.escape(title))" font-size="11" fill="#6b7280">\
            <line x1="\(Self.left)" y1="\(Self.bottom)" x2="\(right)" y2="\(Self.bottom)" stroke="#e5e7eb"/>\
            <line x1="\(Self.left)" y1="\(Self.top)" x2="\(right)" y2="\(Self.top)" stroke="#e5e7eb" stroke-dasharray="3 3"/>\
            <text x="\(Self.left - 6)" y="\(Self.bottom + 4)" text-anchor="end">0</text>\
            <text x="\(Self.left - 6)" y="\(Self.top + 4)" text-anchor="end" id="chart-scale">\(ConsoleFormat.count(scale))</text>\
            \(labels)\(bars)</svg>\
            <figcaption class="muted"><span class="key refreshes"></span>\(language.t("刷新成功", "Refreshed")) \
            <span class="key failures"></span>\(language.t("刷新失败", "Failed")) · <span id="chart-summary">\(HTML.escape(summary))</span></figcaption>\
            </figure>
            """
    }

    /// The top of the scale: 1, 2 or 5 times a power of ten, at least `value` (and at least 1).
    static func niceCeiling(_ value: Int) -> Int {
        var power = 1
        while true {
            for step in [1, 2, 5] where step * power >= value { return step * power }
            power *= 10
        }
    }
}
