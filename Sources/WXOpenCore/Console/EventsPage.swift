import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/events`: the event log (pushes, authorizations, token refreshes, operator actions),
/// newest first, filtered by kind, outcome and account.
struct EventsPage: Sendable {
    let platform: Platform
    let limit: Int

    static let kinds: [(prefix: String, zh: String, en: String)] = [
        ("push.", "微信推送", "Pushes from WeChat"), ("ticket.", "票据", "Tickets"), ("token.", "令牌", "Tokens"),
        ("authorizer.", "帐号", "Accounts"), ("message.", "消息", "Messages"),
        ("console.", "控制台操作", "Console actions"),
    ]
    static let outcomes = ["ok", "failed", "rejected", "ignored"]

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let query = context.request.query
        let kind = query["kind"].flatMap { value in Self.kinds.contains { $0.prefix == value } ? value : nil }
        let outcome = query["outcome"].flatMap { Self.outcomes.contains($0) ? $0 : nil }
        let appID = query["appid"].flatMap { $0.isEmpty ? nil : String($0.trimmingCharacters(in: .whitespaces).prefix(64)) }
        let events = try await platform.store.recentEvents(EventQuery(appID: appID, kindPrefix: kind, outcome: outcome, limit: limit))

        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(HTML.escape(value))\"\(selected ? " selected" : "")>\(HTML.escape(label))</option>"
        }
        let kindOptions = [option("", language.t("全部类型", "Any kind"), selected: kind == nil)]
            + Self.kinds.map { option($0.prefix, "\(language.t($0.zh, $0.en)) (\($0.prefix)*)", selected: kind == $0.prefix) }
        let outcomeOptions = [option("", language.t("全部结果", "Any outcome"), selected: outcome == nil)]
            + Self.outcomes.map { option($0, ConsoleFormat.outcomeName($0, language), selected: outcome == $0) }
        let shown = events.count >= limit
            ? language.t("显示最近 \(limit) 条。", "Showing the latest \(limit).")
            : language.t("共 \(events.count) 条。", "\(events.count) events.")
        let body = HTMLFragment(raw: """
            <form class="filters" method="get" action="/admin/events" id="event-filters">
            <div><label for="kind">\(language.t("类型", "Kind"))</label><select id="kind" name="kind">\(kindOptions.joined())</select></div>
            <div><label for="outcome">\(language.t("结果", "Outcome"))</label><select id="outcome" name="outcome">\(outcomeOptions.joined())</select></div>
            <div><label for="appid">appid</label><input id="appid" name="appid" value="\(HTML.escape(appID ?? ""))"></div>
            <div><button type="submit">\(language.t("筛选", "Filter"))</button></div>
            </form>
            <p class="muted" id="events-summary">\(HTML.escape(shown))</p>
            \(EventsTable.render(events, language, id: "events"))
            """)
        return ConsoleLayout.page(context, title: language.t("事件", "Events"), section: .events, body: body)
    }
}
