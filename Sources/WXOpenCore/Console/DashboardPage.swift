import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin`: is the platform healthy (ticket, component token, refresh failures), how many
/// accounts of each status and type, and what happened last.
struct DashboardPage: Sendable {
    let platform: Platform

    /// A ticket comes every 10 minutes: older than 30 means pushes stopped; past 12 h it is dead.
    static let ticketAmberAfter: TimeInterval = 30 * 60

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let now = platform.clock.now()
        let (ticket, token) = try await platform.componentTokens.snapshot()
        let counts = try await platform.store.authorizerCounts()
        let failureLimit = 500
        // The same failures `/metrics` counts in wxopen_token_refresh_failures_total (see
        // `TokenRefreshes`), but over the last 24 h and across restarts.
        let failures = try await platform.store.recentEvents(EventQuery(kindPrefix: "token.", outcome: "failed",
                                                                        since: now - 24 * 3600, limit: failureLimit))
            .filter { TokenRefreshes.failureEvents.contains($0.kind) }
        let recent = try await platform.store.recentEvents(EventQuery(limit: 20))
        let chart = RefreshChart(counts: try await platform.store.eventCounts(since: RefreshChart.since(now)), now: now)

        let failureCount = failures.count >= failureLimit ? "\(failureLimit)+" : String(failures.count)
        let failureColor = failures.isEmpty ? "green" : "red"
        let body = HTMLFragment(raw: """
            <h2>\(language.t("平台状态", "Platform health"))</h2>
            <div class="grid">
            \(ticketStat(ticket, now: now, language))
            \(tokenStat(token, now: now, language))
            <div class="stat" id="refresh-failures"><span class="muted">\(language.t("令牌刷新失败（近 24 小时）", "Token refresh failures, last 24 h"))</span>\
            <b><span class="pill \(failureColor)">\(failureCount)</span></b>\
            <span class="muted">\(language.t("component_access_token 与各授权方 access_token 的失败刷新次数；/metrics 的 wxopen_token_refresh_failures_total 计同样的失败，从进程启动算起。",
                                              "Failed refreshes of component_access_token and of authorizers' access tokens; wxopen_token_refresh_failures_total on /metrics counts the same failures since the process started."))</span>\
            <a href="/admin/events?kind=token.&amp;outcome=failed">\(language.t("查看", "Show"))</a></div>
            </div>
            <h2>\(language.t("令牌刷新（近 48 小时）", "Token refreshes, last 48 hours"))</h2>
            \(chart.render(language))
            <p><a href="/admin/events?kind=token.">\(language.t("查看令牌事件", "Show token events"))</a></p>
            <h2>\(language.t("授权帐号", "Authorized accounts"))</h2>
            <div class="grid" id="account-counts">
            \(countStat(language.t("全部", "All"), counts.total, href: "/admin/authorizers", id: "count-total"))
            \(AuthorizerStatus.allCases.map { status in
                countStat(ConsoleFormat.statusName(status, language), counts.byStatus[status] ?? 0,
                          href: "/admin/authorizers?status=\(status.rawValue)", id: "count-\(status.rawValue)")
            }.joined(separator: "\n"))
            \([AccountType.officialAccount, .miniProgram].map { type in
                countStat(ConsoleFormat.typeName(type, language), counts.byType[type] ?? 0,
                          href: "/admin/authorizers?type=\(type.rawValue)", id: "count-\(type.rawValue)")
            }.joined(separator: "\n"))
            </div>
            <h2>\(language.t("最近事件", "Recent events"))</h2>
            \(EventsTable.render(recent, language, id: "recent-events"))
            <p><a href="/admin/events">\(language.t("全部事件", "All events"))</a></p>
            """)
        return ConsoleLayout.page(context, title: language.t("概览", "Dashboard"), section: .dashboard, body: body)
    }

    /// Green under 30 minutes, amber under 12 hours, red beyond or when none was received.
    static func ticketColor(_ ticket: StoredTicket?, now: Date) -> String {
        guard let ticket else { return "red" }
        let age = now.timeIntervalSince(ticket.receivedAt)
        if age < ticketAmberAfter { return "green" }
        return ticket.isFresh(at: now) ? "amber" : "red"
    }

    private func ticketStat(_ ticket: StoredTicket?, now: Date, _ language: Language) -> String {
        let color = Self.ticketColor(ticket, now: now)
        let value: String
        let detail: String
        if let ticket {
            value = ConsoleFormat.ago(ticket.receivedAt, now: now, language)
            detail = language.t("收到于 ", "received ") + ConsoleFormat.timeElement(ticket.receivedAt)
        } else {
            value = language.t("尚未收到", "none yet")
            detail = HTML.escape(language.t("微信每 10 分钟推送一次；请检查授权事件接收 URL。",
                                            "WeChat pushes one every 10 minutes; check the authorization event URL."))
        }
        return """
            <div class="stat" id="ticket"><span class="muted">component_verify_ticket</span>\
            <b><span class="pill \(color)" id="ticket-age">\(HTML.escape(value))</span></b><span class="muted">\(detail)</span></div>
            """
    }

    private func tokenStat(_ token: StoredComponentToken?, now: Date, _ language: Language) -> String {
        let value: String
        let color: String
        let detail: String
        if let token {
            value = ConsoleFormat.until(token.expiresAt, now: now, language)
            color = token.expiresAt > now ? "green" : "amber"
            detail = language.t("到期 ", "expires ") + ConsoleFormat.timeElement(token.expiresAt)
        } else {
            value = language.t("尚未获取", "not fetched yet")
            color = "amber"
            detail = HTML.escape(language.t("首次调用接口时获取。", "Fetched on the first call that needs it."))
        }
        return """
            <div class="stat" id="component-token"><span class="muted">component_access_token</span>\
            <b><span class="pill \(color)">\(HTML.escape(value))</span></b><span class="muted">\(detail)</span></div>
            """
    }

    private func countStat(_ label: String, _ count: Int, href: String, id: String) -> String {
        "<a class=\"stat\" id=\"\(id)\" href=\"\(HTML.escape(href))\"><span class=\"muted\">\(HTML.escape(label))</span><b>\(ConsoleFormat.count(count))</b></a>"
    }
}
