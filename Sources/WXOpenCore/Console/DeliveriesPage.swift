import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/deliveries`: the outbox to the platform's services. The backlog by state, then one
/// row per account with undelivered deliveries (its oldest, which blocks the rest: attempts,
/// last error, next attempt) and "retry now", for one account or all (CSRF-guarded POSTs).
/// Message content is never shown: it is users' personal data.
struct DeliveriesPage: Sendable {
    let platform: Platform
    let sessions: ConsoleSessions
    /// Accounts listed. Default: 100.
    var limit = 100

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let title = language.t("消息转发", "Deliveries")
        guard let forwarding = platform.forwarding else {
            let body = HTMLFragment(raw: """
                <div class="card" id="forwarding-off"><p>\(language.t("未配置消息转发：消息与事件只回复 success 并记入事件日志。",
                    "Forwarding is not configured: messages and events are answered success and kept in the event log."))</p>
                <p>\(language.t("在配置中加入", "Add to the configuration")) <code>"forwarding": {"url": "https://…", "secret": "…"}</code></p></div>
                """)
            return ConsoleLayout.page(context, title: title, section: .deliveries, body: body)
        }
        let now = platform.clock.now()
        let counts = try await platform.store.outboxCounts(now: now)
        let backlog = try await platform.store.outboxBacklog(limit: limit)
        let stats: [(id: String, label: String, value: Int, color: String)] = [
            ("outbox-pending", language.t("待投递", "Pending"), counts.pending, ""),
            ("outbox-retrying", language.t("重试中", "Retrying"), counts.retrying, counts.retrying > 0 ? "red" : "green"),
            ("outbox-delivering", language.t("投递中", "Delivering"), counts.delivering, ""),
        ]
        let statHTML = stats.map {
            "<div class=\"stat\" id=\"\($0.id)\"><span class=\"muted\">\(HTML.escape($0.label))</span><b><span class=\"pill \($0.color)\">\(ConsoleFormat.count($0.value))</span></b></div>"
        }.joined(separator: "\n")
        let oldest = counts.oldestCreatedAt.map { ConsoleFormat.ago($0, now: now, language) } ?? "—"
        let retryAll = counts.retrying > 0
            ? ConsoleLayout.actionButton(context, action: "/admin/deliveries/retry", label: language.t("全部立即重试", "Retry all now"), id: "retry-all")
            : ""
        let body = HTMLFragment(raw: """
            <p class="muted">\(language.t("目标", "Target")): <code id="forwarding-url">\(HTML.escape(Self.displayURL(forwarding.client.url)))</code> · \
            \(language.t("最早一条", "Oldest")): <span id="outbox-oldest">\(HTML.escape(oldest))</span></p>
            <div class="grid">
            \(statHTML)
            </div>
            \(retryAll)
            <h2>\(language.t("待投递的帐号", "Accounts with deliveries waiting"))</h2>
            \(table(backlog, context: context, now: now))
            """)
        return ConsoleLayout.page(context, title: title, section: .deliveries, body: body)
    }

    private func table(_ backlog: [OutboxBacklog], context: ConsoleContext, now: Date) -> String {
        let language = context.language
        guard !backlog.isEmpty else { return "<p class=\"muted\" id=\"backlog\">\(language.t("全部已投递", "Everything is delivered"))</p>" }
        let rows = backlog.map { item in
            let head = item.head
            let next = head.isLeased(at: now) ? language.t("投递中", "delivering") : ConsoleFormat.until(head.nextAttemptAt, now: now, language)
            let retry = head.attempts > 0 && !head.isLeased(at: now)
                ? ConsoleLayout.actionButton(context, action: "/admin/deliveries/\(PercentEncoding.encode(head.id))/retry",
                                             label: language.t("立即重试", "Retry now"), id: "retry-\(head.id)", secondary: true)
                : ""
            return """
                <tr><td><a href="/admin/authorizers/\(PercentEncoding.encode(head.accountKey))">\(HTML.escape(head.accountKey))</a></td>\
                <td><code>\(HTML.escape(head.type))</code></td><td>\(ConsoleFormat.count(item.queued))</td>\
                <td class="nowrap">\(ConsoleFormat.timeElement(head.createdAt))</td><td>\(head.attempts)</td>\
                <td class="detail">\(HTML.escape(head.lastError ?? "—"))</td><td class="nowrap">\(HTML.escape(next))</td><td>\(retry)</td></tr>
                """
        }.joined(separator: "\n")
        return """
            <div class="table-wrap"><table id="backlog">
            <thead><tr><th>\(language.t("帐号", "Account"))</th><th>\(language.t("类型", "Type"))</th><th>\(language.t("排队", "Queued"))</th>\
            <th>\(language.t("最早一条收到于", "Oldest received"))</th><th>\(language.t("失败次数", "Failed attempts"))</th>\
            <th>\(language.t("最近错误", "Last error"))</th><th>\(language.t("下次尝试", "Next attempt"))</th><th></th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            """
    }

    /// Scheme, host, port and path: a query could hold a key of the service's.
    static func displayURL(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.user = nil
        components?.password = nil
        return components?.string ?? url.host ?? ""
    }

    /// `POST /admin/deliveries/:id/retry`, and `/admin/deliveries/retry` for all.
    func retry(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let id = context.request.pathParameters["id"]
        let retried = try await platform.store.retryDeliveries(id: id, now: platform.clock.now())
        platform.forwarding?.doorbell.ring()
        await platform.events.record("console.delivery_retry", "by \(context.session.username): \(id ?? "all"), \(retried) retried")
        let message = retried > 0
            ? language.t("已安排立即重试 \(retried) 条。", "\(retried) will be retried now.")
            : language.t("没有等待重试的投递。", "Nothing was waiting for a retry.")
        await sessions.setFlash(.init(ok: retried > 0, message: message), for: context.sessionID)
        return ConsoleResponse.redirect(to: "/admin/deliveries")
    }
}
