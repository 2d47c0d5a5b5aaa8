import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/sync`: reconciles the store with WeChat's authorizer list. The page shows a
/// progress bar that `/assets/console.js` keeps current from `/admin/sync/status`; without
/// JavaScript the page reloads itself while a run is going.
struct SyncPage: Sendable {
    let platform: Platform
    let sync: SyncService

    func render(_ context: ConsoleContext) async -> HTTPResponse {
        let language = context.language
        let status = await sync.current()
        let running = status.state == .running
        let numbers: [(id: String, label: String, value: Int)] = [
            ("sync-done", language.t("已处理", "Done"), status.done), ("sync-total", language.t("总数", "Total"), status.total),
            ("sync-added", language.t("新增", "Added"), status.added), ("sync-recovered", language.t("恢复令牌", "Recovered"), status.recovered),
            ("sync-flagged", language.t("需重新授权", "Flagged"), status.flagged), ("sync-failed", language.t("失败", "Failed"), status.failed),
        ]
        let stats = numbers.map { "<div class=\"stat\"><span class=\"muted\">\(HTML.escape($0.label))</span><b id=\"\($0.id)\">\($0.value)</b></div>" }
            .joined(separator: "\n")
        let times = """
            <p class="muted">\(language.t("开始", "Started")): <span id="sync-started">\(ConsoleFormat.timeElement(status.startedAt))</span> · \
            \(language.t("结束", "Finished")): <span id="sync-finished">\(ConsoleFormat.timeElement(status.finishedAt))</span></p>
            """
        let error = "<p class=\"card error\" id=\"sync-error\"\(status.error == nil ? " hidden" : "")>\(HTML.escape(status.error ?? ""))</p>"
        // Hidden while a run is going; the script shows it again when the run ends.
        let button = "<div id=\"sync-start\"\(running ? " hidden" : "")>"
            + ConsoleLayout.actionButton(context, action: "/admin/sync", label: language.t("开始同步", "Start a sync"), id: "start-sync") + "</div>"
        let body = HTMLFragment(raw: """
            <p>\(language.t("与微信的已授权帐号列表（api_get_authorizer_list）核对：补上平台不知道的帐号、恢复丢失的刷新令牌、标记微信不再列出的帐号。",
                            "Reconciles with WeChat's list of authorized accounts (api_get_authorizer_list): adds accounts the platform does not know, recovers lost refresh tokens, flags accounts WeChat no longer lists."))</p>
            <div class="card" id="sync" data-status-url="/admin/sync/status" data-state="\(status.state.rawValue)">
            <p>\(language.t("状态", "State")): <strong id="sync-state">\(HTML.escape(Self.stateName(status.state, language)))</strong></p>
            <progress id="sync-progress" max="\(max(status.total, 1))" value="\(min(status.done, max(status.total, 1)))"></progress>
            <div class="grid">
            \(stats)
            </div>
            \(times)
            \(error)
            \(button)
            </div>
            """)
        let head: HTMLFragment = running ? "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>" : ""
        return ConsoleLayout.page(context, title: language.t("同步", "Sync"), section: .sync, body: body, head: head)
    }

    func start(_ context: ConsoleContext) async -> HTTPResponse {
        let before = await sync.current()
        let status = await sync.start()
        if before.state != .running, status.state == .running {
            await platform.events.record("console.sync_started", "by \(context.session.username)")
        }
        return ConsoleResponse.redirect(to: "/admin/sync")
    }

    /// The numbers for the page's script; the same shape as the internal API's `/api/v1/sync`.
    func status(_ context: ConsoleContext) async -> HTTPResponse {
        ConsoleResponse.json(await sync.current())
    }

    static func stateName(_ state: SyncService.State, _ language: Language) -> String {
        switch state {
        case .idle: language.t("未运行", "Not run yet")
        case .running: language.t("进行中", "Running")
        case .done: language.t("已完成", "Done")
        case .failed: language.t("失败", "Failed")
        }
    }
}
