import Foundation
import HTTPServer
import WXOpenSupport

/// The bulk actions' pages: `GET /admin/bulk?action=…&<the list's filters>` says how many
/// accounts the action will touch and asks to go ahead (a POST with the CSRF token);
/// `POST /admin/bulk` starts it in the background and goes to `/admin/bulk/N`, which shows how
/// many are done and failed of how many, and reloads itself every 2 s while the run goes on (no
/// script needed).
struct BulkActionPage: Sendable {
    let platform: Platform
    let bulk: BulkActions
    let sessions: ConsoleSessions

    static let confirmPath = "/admin/bulk"

    func confirm(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let filters = AccountFilters(context.request.query)
        guard let action = context.request.query["action"].flatMap(BulkAction.init(rawValue:)) else { return unknownAction(language) }
        let count = try await BulkActions.count(filters, in: platform.store)
        let running = await bulk.recent().first { $0.state == .running }
        let go: String
        if let running {
            go = "<p class=\"card warn\" id=\"bulk-busy\">\(language.t("已有批量操作在进行：", "A bulk action is running: "))"
                + "<a href=\"\(Self.confirmPath)/\(running.id)\">#\(running.id)</a></p>"
        } else if count == 0 {
            go = "<p class=\"card warn\" id=\"bulk-empty\">\(language.t("没有可操作的帐号：只对已授权的帐号执行。", "No account to act on: only authorized accounts are included."))</p>"
        } else {
            go = """
                <form method="post" action="\(Self.confirmPath)" id="bulk-form">\(ConsoleLayout.csrfField(context))\
                <input type="hidden" name="action" value="\(action.rawValue)">\(filters.hiddenFields)\
                <button type="submit" id="start-bulk">\(HTML.escape(action.label(language))) (\(ConsoleFormat.count(count)))</button> \
                <a class="button secondary" href="\(HTML.escape(filters.link()))">\(language.t("取消", "Cancel"))</a></form>
                """
        }
        let body = HTMLFragment(raw: """
            <div class="card">
            <p>\(HTML.escape(Self.describe(action, language)))</p>
            <p>\(language.t("筛选条件", "Selection")): <strong id="bulk-selection">\(HTML.escape(Self.describe(filters, language)))</strong></p>
            <p>\(language.t("将处理的已授权帐号", "Authorized accounts it will act on")): <strong id="bulk-count">\(ConsoleFormat.count(count))</strong></p>
            \(go)
            </div>
            \(recentRuns(await bulk.recent(), language))
            """)
        return ConsoleLayout.page(context, title: action.label(language), section: .accounts, body: body)
    }

    func start(_ context: ConsoleContext) async throws -> HTTPResponse {
        let form = try context.request.formParameters()
        guard let action = form["action"].flatMap(BulkAction.init(rawValue:)) else { return unknownAction(context.language) }
        let (run, started) = await bulk.start(action, filters: AccountFilters(form), username: context.session.username)
        if !started {
            await sessions.setFlash(.init(ok: false, message: context.language.t("已有批量操作在进行，请等它结束。", "A bulk action is running; wait for it to finish.")),
                              for: context.sessionID)
        }
        return ConsoleResponse.redirect(to: "\(Self.confirmPath)/\(run.id)")
    }

    func cancel(_ context: ConsoleContext) async -> HTTPResponse {
        guard let id = context.request.pathParameters["id"].flatMap(Int.init), await bulk.cancel(id: id) != nil else {
            return noSuchRun(context.language)
        }
        return ConsoleResponse.redirect(to: "\(Self.confirmPath)/\(id)")
    }

    func progress(_ context: ConsoleContext) async -> HTTPResponse {
        let language = context.language
        guard let id = context.request.pathParameters["id"].flatMap(Int.init), let run = await bulk.run(id: id) else {
            return noSuchRun(language)
        }
        let running = run.state == .running
        let numbers: [(id: String, label: String, value: Int)] = [
            ("bulk-done", language.t("成功", "Done"), run.done), ("bulk-failed", language.t("失败", "Failed"), run.failed),
            ("bulk-total", language.t("总数", "Total"), run.total),
        ]
        let stats = numbers.map { "<div class=\"stat\"><span class=\"muted\">\(HTML.escape($0.label))</span><b id=\"\($0.id)\">\(ConsoleFormat.count($0.value))</b></div>" }
            .joined(separator: "\n")
        let failures = run.failures.isEmpty ? "" : """
            <h2>\(language.t("失败的帐号", "Accounts that failed"))\(run.failed > run.failures.count ? language.t("（前 \(run.failures.count) 个）", " (first \(run.failures.count))") : "")</h2>
            <div class="table-wrap"><table id="bulk-failures"><thead><tr><th>appid</th><th>\(language.t("原因", "Reason"))</th></tr></thead><tbody>
            \(run.failures.map { failure in
                "<tr><td><a href=\"/admin/authorizers/\(PercentEncoding.encode(failure.appID))\">\(HTML.escape(failure.appID))</a></td>"
                    + "<td class=\"detail\">\(HTML.escape(language.t(failure.zh, failure.en)))</td></tr>"
            }.joined(separator: "\n"))
            </tbody></table></div>
            """
        let stop = running && !run.cancelRequested
            ? ConsoleLayout.actionButton(context, action: "\(Self.confirmPath)/\(id)/cancel", label: language.t("停止", "Stop"), id: "cancel-bulk", secondary: true)
            : ""
        let body = HTMLFragment(raw: """
            <div class="card" id="bulk" data-state="\(run.state.rawValue)">
            <p>\(HTML.escape(Self.describe(run.action, language)))</p>
            <p>\(language.t("筛选条件", "Selection")): <strong>\(HTML.escape(Self.describe(run.filters, language)))</strong> · \
            \(language.t("发起人", "By")) \(HTML.escape(run.username))</p>
            <p>\(language.t("状态", "State")): <strong id="bulk-state">\(HTML.escape(Self.stateName(run, language)))</strong></p>
            <progress id="bulk-progress" max="\(max(run.total, 1))" value="\(min(run.finished, max(run.total, 1)))"></progress>
            <div class="grid">
            \(stats)
            </div>
            <p class="muted">\(language.t("开始", "Started")): \(ConsoleFormat.timeElement(run.startedAt)) · \
            \(language.t("结束", "Finished")): \(ConsoleFormat.timeElement(run.finishedAt))</p>
            \(run.error.map { "<p class=\"card error\" id=\"bulk-error\">\(HTML.escape($0))</p>" } ?? "")
            \(stop)
            </div>
            \(failures)
            <p><a href="\(HTML.escape(run.filters.link()))">\(language.t("返回帐号列表", "Back to the accounts"))</a></p>
            """)
        let head: HTMLFragment = running ? "<meta http-equiv=\"refresh\" content=\"2\">" : ""
        return ConsoleLayout.page(context, title: "\(run.action.label(language)) #\(run.id)", section: .accounts, body: body, head: head)
    }

    private func recentRuns(_ runs: [BulkActions.Run], _ language: Language) -> String {
        guard !runs.isEmpty else { return "" }
        let rows = runs.map { run in
            """
            <tr><td><a href="\(Self.confirmPath)/\(run.id)">#\(run.id)</a></td><td>\(HTML.escape(run.action.label(language)))</td>\
            <td>\(HTML.escape(Self.stateName(run, language)))</td><td>\(ConsoleFormat.count(run.done)) / \(ConsoleFormat.count(run.failed)) / \(ConsoleFormat.count(run.total))</td>\
            <td class="nowrap">\(ConsoleFormat.timeElement(run.startedAt))</td><td>\(HTML.escape(run.username))</td></tr>
            """
        }.joined(separator: "\n")
        return """
            <h2>\(language.t("最近的批量操作", "Recent bulk actions"))</h2>
            <div class="table-wrap"><table id="bulk-runs"><thead><tr><th></th><th>\(language.t("操作", "Action"))</th><th>\(language.t("状态", "State"))</th>\
            <th>\(language.t("成功 / 失败 / 总数", "Done / failed / total"))</th><th>\(language.t("开始", "Started"))</th><th>\(language.t("发起人", "By"))</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            """
    }

    static func describe(_ action: BulkAction, _ language: Language) -> String {
        switch action {
        case .refreshTokens:
            language.t("为所选的每个已授权帐号立即刷新 access_token（api_authorizer_token）。",
                       "Refreshes the access token of every authorized account selected, now (api_authorizer_token).")
        case .refreshInfo:
            language.t("为所选的每个已授权帐号重新获取资料（api_get_authorizer_info）。",
                       "Fetches the details of every authorized account selected again (api_get_authorizer_info).")
        }
    }

    /// The selection in words, e.g. `搜索“咖啡” · 类型：公众号`.
    static func describe(_ filters: AccountFilters, _ language: Language) -> String {
        var parts: [String] = []
        if !filters.search.isEmpty { parts.append(language.t("搜索“\(filters.search)”", "search “\(filters.search)”")) }
        if !filters.ref.isEmpty { parts.append("ref = \(filters.ref)") }
        if let status = filters.status { parts.append(language.t("状态：", "status: ") + ConsoleFormat.statusName(status, language)) }
        if let type = filters.type { parts.append(language.t("类型：", "type: ") + ConsoleFormat.typeName(type, language)) }
        return parts.isEmpty ? language.t("全部帐号", "all accounts") : parts.joined(separator: " · ")
    }

    static func stateName(_ run: BulkActions.Run, _ language: Language) -> String {
        switch run.state {
        case .running: run.cancelRequested ? language.t("正在停止", "Stopping") : language.t("进行中", "Running")
        case .done: language.t("已完成", "Done")
        case .cancelled: language.t("已停止", "Stopped")
        case .failed: language.t("失败", "Failed")
        }
    }

    private func unknownAction(_ language: Language) -> HTTPResponse {
        ConsoleResponse.problem(language, status: .badRequest, title: language.t("没有这个批量操作", "No such bulk action"),
                                message: language.t("请从帐号列表选择操作。", "Choose the action from the accounts list."),
                                link: .init(AccountFilters.path, language.t("返回帐号列表", "Back to the accounts")))
    }

    private func noSuchRun(_ language: Language) -> HTTPResponse {
        ConsoleResponse.problem(language, status: .notFound, title: language.t("没有这个批量操作", "No such bulk action"),
                                message: language.t("它可能在服务重启前运行，记录只保存在内存中；事件日志里有它的开始与结束。",
                                                    "It may have run before a restart (runs are kept in memory); the event log records its start and finish."),
                                link: .init(AccountFilters.path, language.t("返回帐号列表", "Back to the accounts")))
    }
}
