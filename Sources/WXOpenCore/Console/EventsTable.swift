import WXOpenSupport

/// A table of event-log entries, shared by the dashboard, the events page and an account's page.
enum EventsTable {
    static func render(_ events: [EventRecord], _ language: Language, id: String, showAccount: Bool = true) -> String {
        guard !events.isEmpty else { return "<p class=\"muted\" id=\"\(id)\">\(language.t("暂无事件", "No events yet"))</p>" }
        let rows = events.map { event in
            let account = event.appID.map {
                "<a href=\"/admin/authorizers/\(PercentEncoding.encode($0))\">\(HTML.escape($0))</a>"
            } ?? "—"
            return """
                <tr><td class="nowrap">\(ConsoleFormat.timeElement(event.at))</td><td><code>\(HTML.escape(event.kind))</code></td>\
                \(showAccount ? "<td>\(account)</td>" : "")<td>\(ConsoleFormat.outcomePill(event.outcome, language))</td>\
                <td class="detail">\(HTML.escape(event.detail))</td></tr>
                """
        }.joined(separator: "\n")
        return """
            <div class="table-wrap"><table id="\(id)">
            <thead><tr><th>\(language.t("时间", "Time"))</th><th>\(language.t("类型", "Kind"))</th>\
            \(showAccount ? "<th>\(language.t("帐号", "Account"))</th>" : "")<th>\(language.t("结果", "Outcome"))</th>\
            <th>\(language.t("详情", "Detail"))</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            """
    }
}
