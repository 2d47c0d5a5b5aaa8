import Foundation
import HTTPServer
import WXOpenSupport

/// A small console at `/simulator`: the accounts, their authorizations, and buttons to revoke
/// an authorization or change its permission sets (each sends its push), plus the ticket and
/// full-release triggers. Plain forms, no JavaScript.
extension WeChatSimulator {
    func consolePageRoutes() -> Router {
        var router = Router()
        router.get("/simulator") { [self] _ in .html(consolePage(notice: nil)) }
        router.post("/simulator/console/revoke") { [self] in try await consoleRevoke($0) }
        router.post("/simulator/console/permissions") { [self] in try await consolePermissions($0) }
        router.post("/simulator/console/ticket") { [self] _ in
            let push = await pushTicket()
            return .html(consolePage(notice: push.delivered ? "已推送 component_verify_ticket。" : "ticket 推送失败，见推送记录。"))
        }
        router.post("/simulator/console/full-release-check") { [self] _ in
            let report = await runFullReleaseCheck()
            let lines = report.steps.map { "\($0.passed ? "✔" : "✘") \($0.name): \($0.detail)" }
            return .html(consolePage(notice: (report.passed ? "全网发布检测通过。" : "全网发布检测未通过。") + " " + lines.joined(separator: "；")))
        }
        return router
    }

    /// The most accounts the console lists (bulk benchmark accounts are counted, not listed).
    private static let consoleListLimit = 200

    private func consoleRevoke(_ request: HTTPRequest) async throws -> HTTPResponse {
        let appID = try request.formParameters()["authorizer_appid"] ?? ""
        do {
            let deliveries = try await revoke(appID: appID)
            return .html(consolePage(notice: "已取消 \(appID) 的授权" + (deliveries.last?.succeeded == true ? "，已推送 unauthorized。" : "；推送失败。")))
        } catch {
            return .html(consolePage(notice: error.description))
        }
    }

    private func consolePermissions(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = try request.formParameters()
        let appID = form["authorizer_appid"] ?? ""
        let funcIDs = form.values("func_id").compactMap { Int($0) }
        guard !funcIDs.isEmpty else { return .html(consolePage(notice: "请至少选择一个权限集。")) }
        do {
            let grant = try await updatePermissions(appID: appID, funcIDs: funcIDs)
            return .html(consolePage(notice: "已更新 \(appID) 的权限集" + (grant.deliveries.last?.succeeded == true ? "，已推送 updateauthorized。" : "；推送失败。")))
        } catch {
            return .html(consolePage(notice: error.description))
        }
    }

    private func consolePage(notice: String?) -> String {
        let e = HTML.escape
        let (accounts, authorizations, total, bulk) = state.withLock { state in
            (Array(state.accounts.configured.prefix(Self.consoleListLimit)),
             state.authorizations.authorizations, state.authorizations.activeOrder.count, state.accounts.bulkCount)
        }
        let deliveries = pushSender.deliveries.suffix(10)
        var body = "<h1>微信模拟器控制台</h1>\n"
        if let notice { body += "<p class=\"notice\">\(e(notice))</p>\n" }
        body += """
            <p class="meta">第三方平台 \(e(configuration.componentAppID)) · 已授权帐号 \(total) 个 · 压测帐号 \(bulk) 个 · \
            模拟时间 \(Int(clock.now().timeIntervalSince1970))</p>
            <form method="post" action="/simulator/console/ticket"><button type="submit">立即推送 ticket</button></form>
            <form method="post" action="/simulator/console/full-release-check"><button type="submit">全网发布检测</button></form>
            <table><tr><th>帐号</th><th>类型</th><th>授权</th><th></th></tr>

            """
        for account in accounts {
            let authorization = authorizations[account.appID]
            body += "<tr><td>\(e(account.nickname))<br><span class=\"meta\">\(e(account.appID))\(account.hidden ? " · 隐藏" : "")</span></td>"
            body += "<td>\(e(account.kind.displayName))</td>"
            guard let authorization, authorization.isActive else {
                body += "<td>\(authorization == nil ? "未授权" : "已取消")</td><td></td></tr>\n"
                continue
            }
            body += "<td>" + authorization.funcIDs.map { e(PermissionSet.name($0)) }.joined(separator: "、") + "</td><td>"
            body += """
                <form method="post" action="/simulator/console/revoke"><input type="hidden" name="authorizer_appid" \
                value="\(e(account.appID))"><button class="danger" type="submit">取消授权</button></form>
                <form method="post" action="/simulator/console/permissions"><input type="hidden" name="authorizer_appid" \
                value="\(e(account.appID))">
                """
            for id in PermissionSet.offered {
                body += "<label><input type=\"checkbox\" name=\"func_id\" value=\"\(id)\"\(authorization.funcIDs.contains(id) ? " checked" : "")> \(e(PermissionSet.name(id)))</label>"
            }
            body += "<button type=\"submit\">修改权限</button></form></td></tr>\n"
        }
        body += "</table>\n<h2>最近的推送</h2>\n<table><tr><th>#</th><th>类型</th><th>结果</th></tr>\n"
        for delivery in deliveries.reversed() {
            body += "<tr><td>\(delivery.sequence)</td><td>\(e(delivery.infoType))</td><td>\(e(delivery.failure ?? "success"))</td></tr>\n"
        }
        body += "</table>"
        return HTMLPage.document(title: "微信模拟器控制台", body: body)
    }
}
