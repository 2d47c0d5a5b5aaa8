import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/events`: the event log (pushes, authorizations, token refreshes, operator actions),
/// newest first, filtered by type, outcome, account and a time range, a page at a time by the
/// store's cursor. The log keeps `events.keepDays` days (default 90), whatever their number.
struct EventsPage: Sendable {
    let platform: Platform
    let limit: Int

    static let kinds: [(prefix: String, zh: String, en: String)] = [
        ("push.", "微信推送", "Pushes from WeChat"), ("ticket.", "票据", "Tickets"), ("token.", "令牌", "Tokens"),
        ("authorizer.", "帐号", "Accounts"), ("message.", "消息", "Messages"),
        ("console.", "控制台操作", "Console actions"),
    ]
    static let outcomes = ["ok", "failed", "rejected", "ignored"]
    /// The quick ranges above the form: the last hour, day, week.
    static let ranges: [(hours: Int, zh: String, en: String)] = [(1, "近 1 小时", "Last hour"), (24, "近 24 小时", "Last 24 hours"),
                                                                 (24 * 7, "近 7 天", "Last 7 days")]

    /// The filters as they came in, kept in every link of the page.
    struct Filters: Sendable, Equatable {
        var kind: String?
        var outcome: String?
        var appID: String?
        var from: Date?
        var to: Date?
        /// The time fields as typed, and whether either could not be read.
        var fromText = "", toText = ""
        var invalidTime = false

        init(_ query: QueryParameters) {
            kind = query["kind"].flatMap { value in EventsPage.kinds.contains { $0.prefix == value } ? value : nil }
            outcome = query["outcome"].flatMap { EventsPage.outcomes.contains($0) ? $0 : nil }
            appID = query["appid"].flatMap { $0.isEmpty ? nil : String($0.trimmingCharacters(in: .whitespaces).prefix(64)) }
            fromText = String((query["from"] ?? "").prefix(32))
            toText = String((query["to"] ?? "").prefix(32))
            from = fromText.isEmpty ? nil : ConsoleFormat.parseLocalInput(fromText)
            to = toText.isEmpty ? nil : ConsoleFormat.parseLocalInput(toText)
            invalidTime = (!fromText.isEmpty && from == nil) || (!toText.isEmpty && to == nil)
        }

        /// - Parameter since: a quick range's start, in place of the time range typed.
        func link(cursor: String? = nil, since: Date? = nil) -> String {
            var query = QueryParameters()
            if let kind { query.append("kind", kind) }
            if let outcome { query.append("outcome", outcome) }
            if let appID { query.append("appid", appID) }
            if let since {
                query.append("from", ConsoleFormat.localInput(since))
            } else {
                if !fromText.isEmpty { query.append("from", fromText) }
                if !toText.isEmpty { query.append("to", toText) }
            }
            if let cursor { query.append("cursor", cursor) }
            return "/admin/events" + (query.isEmpty ? "" : "?" + query.encoded)
        }
    }

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let filters = Filters(context.request.query)
        let cursor = context.request.query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
        let page: EventPage
        do {
            page = try await platform.store.events(EventQuery(appID: filters.appID, kindPrefix: filters.kind, outcome: filters.outcome,
                                                              since: filters.from, until: filters.to, limit: limit, cursor: cursor))
        } catch StoreError.invalidRequest {
            return ConsoleResponse.problem(language, status: .badRequest, title: language.t("页码链接无效", "This page link is not valid"),
                                           message: language.t("请从最新的事件重新开始。", "Start again from the newest events."),
                                           link: .init(filters.link(), language.t("最新事件", "Newest events")))
        }
        let now = platform.clock.now()
        let keepDays = platform.configuration.events.keepDays
        var notes: [String] = []
        if filters.invalidTime {
            notes.append(language.t("时间格式应为 2027-01-15T14:00（北京时间），已忽略无法识别的时间。",
                                    "Times are written 2027-01-15T14:00 (China Standard Time); a time that could not be read was ignored."))
        }
        let shown = page.events.isEmpty
            ? language.t("没有符合条件的事件。", "No event matches.")
            : language.t("显示 \(page.events.count) 条，最新的在前。", "Showing \(page.events.count), newest first.")
        var pager: [String] = []
        if cursor != nil {
            pager.append("<a class=\"button secondary\" id=\"newest-events\" href=\"\(HTML.escape(filters.link()))\">\(language.t("最新", "Newest"))</a>")
        }
        if let older = page.olderCursor {
            pager.append("<a class=\"button secondary\" id=\"older-events\" href=\"\(HTML.escape(filters.link(cursor: older)))\">\(language.t("更早的事件", "Older events"))</a>")
        }
        let ranges = Self.ranges.map { range in
            "<a href=\"\(HTML.escape(filters.link(since: now - Double(range.hours) * 3600)))\" id=\"range-\(range.hours)h\">\(language.t(range.zh, range.en))</a>"
        }.joined(separator: " · ")
        let body = HTMLFragment(raw: """
            \(filterForm(filters, language))
            <p class="muted">\(ranges)</p>
            \(notes.map { "<p class=\"card warn\" id=\"events-note\">\(HTML.escape($0))</p>" }.joined())
            <p class="muted" id="events-summary">\(HTML.escape(shown)) \(HTML.escape(language.t(
                "事件保留 \(keepDays) 天（events.keepDays），更早的已删除。", "Events are kept for \(keepDays) days (events.keepDays); older ones are gone.")))</p>
            \(EventsTable.render(page.events, language, id: "events"))
            <p class="pager">\(pager.joined(separator: " "))</p>
            """)
        return ConsoleLayout.page(context, title: language.t("事件", "Events"), section: .events, body: body)
    }

    private func filterForm(_ filters: Filters, _ language: Language) -> String {
        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(HTML.escape(value))\"\(selected ? " selected" : "")>\(HTML.escape(label))</option>"
        }
        let kindOptions = [option("", language.t("全部类型", "Any kind"), selected: filters.kind == nil)]
            + Self.kinds.map { option($0.prefix, "\(language.t($0.zh, $0.en)) (\($0.prefix)*)", selected: filters.kind == $0.prefix) }
        let outcomeOptions = [option("", language.t("全部结果", "Any outcome"), selected: filters.outcome == nil)]
            + Self.outcomes.map { option($0, ConsoleFormat.outcomeName($0, language), selected: filters.outcome == $0) }
        // A time that was read shows as the input writes it; one that was not, as typed.
        let fromValue = filters.from.map(ConsoleFormat.localInput) ?? filters.fromText
        let toValue = filters.to.map(ConsoleFormat.localInput) ?? filters.toText
        return """
            <form class="filters" method="get" action="/admin/events" id="event-filters">
            <div><label for="kind">\(language.t("类型", "Kind"))</label><select id="kind" name="kind">\(kindOptions.joined())</select></div>
            <div><label for="outcome">\(language.t("结果", "Outcome"))</label><select id="outcome" name="outcome">\(outcomeOptions.joined())</select></div>
            <div><label for="appid">appid</label><input id="appid" name="appid" value="\(HTML.escape(filters.appID ?? ""))"></div>
            <div><label for="from">\(language.t("从（北京时间）", "From (UTC+8)"))</label>\
            <input id="from" name="from" type="datetime-local" value="\(HTML.escape(fromValue))"></div>
            <div><label for="to">\(language.t("到（不含）", "Until (excluded)"))</label>\
            <input id="to" name="to" type="datetime-local" value="\(HTML.escape(toValue))"></div>
            <div><button type="submit" id="filter-events">\(language.t("筛选", "Filter"))</button></div>
            </form>
            """
    }
}
