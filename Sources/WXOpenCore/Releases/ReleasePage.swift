import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/releases/:id`: one rollout's counts and progress, pause/resume/"release the approved
/// ones", every account with its state (WeChat's rejection reason escaped: it holds markup such
/// as `<br>`), "retry" for the failed ones, and an account's experience QR code
/// (`?qr=APPID`), served from our origin (`/admin/releases/qrcode/:appid`), never hotlinked.
struct ReleasePage: Sendable {
    let releases: ReleaseService
    let sessions: ConsoleSessions

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let id = context.request.pathParameters["id"] ?? ""
        guard ReleaseService.isRolloutID(id), let rollout = try await releases.store.rollout(id)?.value else {
            return ConsoleResponse.notFound(language)
        }
        let accounts = try await releases.store.accounts(of: id).map(\.value)
        let summary = ReleaseJSON.Summary(rollout, accounts: accounts)
        let stats = RolloutAccount.PublicState.allCases.map { state in
            "<div class=\"stat\" id=\"count-\(state.rawValue)\"><span class=\"muted\">\(HTML.escape(Self.stateName(state.rawValue, language)))</span>"
                + "<b>\(ConsoleFormat.count(summary.counts[state]))</b></div>"
        }.joined(separator: "\n")
        let done = summary.counts[.released] + summary.counts[.auditFailed] + summary.counts[.failed]
        let rejected = accounts.filter { $0.phase == .auditFailed }
        let qr = context.request.query["qr"].flatMap { appID in accounts.first { $0.appID == appID } }
        let body = HTMLFragment(raw: """
            <p class="muted">\(language.t("模板", "Template")) <code>\(rollout.templateID)</code> · \(HTML.escape(rollout.userVersion)) · \
            \(HTML.escape(rollout.userDesc)) · \(rollout.autoRelease ? language.t("通过即发布", "released when approved") : language.t("通过后手动发布", "released on request")) · \
            \(language.t("发起人", "by")) \(HTML.escape(rollout.createdBy))</p>
            \(rollout.pauseReason.map { "<div class=\"card warn\" id=\"pause-reason\">\(HTML.escape($0))</div>" } ?? "")
            <p><progress id="release-progress" max="\(max(1, summary.total))" value="\(done)"></progress></p>
            <div class="grid">
            \(stats)
            </div>
            <p class="actions">\(actions(rollout, summary: summary, context: context))</p>
            \(qr.map { Self.qrCard($0, rolloutID: id, language) } ?? "")
            \(rejected.isEmpty ? "" : Self.rejections(rejected, language))
            <h2>\(language.t("小程序", "Mini programs"))</h2>
            \(table(accounts, rolloutID: id, context: context))
            """)
        let heading = HTMLFragment(raw: "<h1><code>\(HTML.escape(id))</code> \(Self.statePill(rollout.state.rawValue, language))</h1>")
        var response = ConsoleLayout.page(context, title: id, section: .releases, body: body, heading: heading)
        response.headers["Cache-Control"] = "no-store"
        return response
    }

    private func actions(_ rollout: Rollout, summary: ReleaseJSON.Summary, context: ConsoleContext) -> String {
        let language = context.language
        let base = "/admin/releases/" + rollout.id
        var buttons: [String] = []
        switch rollout.state {
        case .running: buttons.append(ConsoleLayout.actionButton(context, action: base + "/pause", label: language.t("暂停", "Pause"), id: "pause", secondary: true))
        case .paused: buttons.append(ConsoleLayout.actionButton(context, action: base + "/resume", label: language.t("继续", "Resume"), id: "resume"))
        case .finished: break
        }
        if !rollout.autoRelease, summary.counts[.approved] > 0 {
            buttons.append(ConsoleLayout.actionButton(context, action: base + "/release",
                                                      label: language.t("发布已通过的 \(summary.counts[.approved]) 个", "Release the \(summary.counts[.approved]) approved"),
                                                      id: "release-approved"))
        }
        return buttons.joined(separator: " ")
    }

    private func table(_ accounts: [RolloutAccount], rolloutID: String, context: ConsoleContext) -> String {
        let language = context.language
        let rows = accounts.map { account in
            let retry = account.phase == .failed || account.phase == .auditFailed
                ? ConsoleLayout.actionButton(context, action: "/admin/releases/\(rolloutID)/accounts/\(account.appID)/retry",
                                             label: language.t("重试", "Retry"), id: "retry-\(account.appID)", secondary: true)
                : ""
            let detail = [account.reason, account.error].compactMap { $0 }.map(HTML.escape).joined(separator: "<br>")
            return """
                <tr id="account-\(HTML.escape(account.appID))"><td><a href="/admin/authorizers/\(HTML.escape(account.appID))"><code>\(HTML.escape(account.appID))</code></a></td>\
                <td>\(Self.statePill(account.phase.state.rawValue, language))</td><td>\(account.auditID.map(String.init) ?? "—")</td>\
                <td class="detail">\(detail.isEmpty ? "—" : detail)</td><td class="nowrap">\(ConsoleFormat.timeElement(account.updatedAt))</td>\
                <td><a href="?qr=\(HTML.escape(account.appID))">\(language.t("体验码", "QR code"))</a> \(retry)</td></tr>
                """
        }.joined(separator: "\n")
        return """
            <div class="table-wrap"><table id="release-accounts"><thead><tr><th>appid</th><th>\(language.t("状态", "State"))</th>\
            <th>auditid</th><th>\(language.t("原因", "Reason"))</th><th>\(language.t("更新于", "Updated"))</th><th></th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            """
    }

    private static func rejections(_ rejected: [RolloutAccount], _ language: Language) -> String {
        let items = rejected.map { account in
            "<li><code>\(HTML.escape(account.appID))</code>: <span class=\"reason\">\(HTML.escape(account.reason ?? "—"))</span>"
                + (account.screenshots.isEmpty ? "" : " <span class=\"muted\">(\(language.t("截图", "screenshots")): "
                    + account.screenshots.map(HTML.escape).joined(separator: ", ") + ")</span>") + "</li>"
        }.joined(separator: "\n")
        return "<div class=\"card error\" id=\"rejections\"><h2>\(language.t("审核未通过", "Rejected by WeChat's review"))</h2><ul>\(items)</ul></div>"
    }

    private static func qrCard(_ account: RolloutAccount, rolloutID: String, _ language: Language) -> String {
        """
        <div class="card" id="qr-card"><p>\(language.t("体验版二维码", "Experience version QR code")): <code>\(HTML.escape(account.appID))</code></p>
        <img class="qrcode" id="experience-qr" src="/admin/releases/qrcode/\(HTML.escape(account.appID))" alt="\(language.t("体验版二维码", "Experience version QR code"))"></div>
        """
    }

    static func statePill(_ state: String, _ language: Language) -> String {
        let color = switch state {
        case "released", "finished", "approved": "green"
        case "audit_failed", "failed": "red"
        case "auditing", "audit_delayed", "paused": "amber"
        default: ""
        }
        return "<span class=\"pill \(color)\">\(HTML.escape(stateName(state, language)))</span>"
    }

    static func stateName(_ state: String, _ language: Language) -> String {
        switch state {
        case "pending": language.t("待提交代码", "pending")
        case "committed": language.t("已上传代码", "committed")
        case "auditing": language.t("审核中", "auditing")
        case "audit_delayed": language.t("审核延后", "audit delayed")
        case "approved": language.t("审核通过", "approved")
        case "audit_failed": language.t("审核未通过", "audit failed")
        case "released": language.t("已发布", "released")
        case "failed": language.t("失败", "failed")
        case "running": language.t("进行中", "running")
        case "paused": language.t("已暂停", "paused")
        case "finished": language.t("已结束", "finished")
        default: state
        }
    }

    // MARK: Actions (CSRF-guarded POSTs) and the QR code

    func pause(_ context: ConsoleContext) async throws -> HTTPResponse {
        try await command(context) { try await releases.pause($0, reason: "paused by console user " + context.session.username) }
    }

    func resume(_ context: ConsoleContext) async throws -> HTTPResponse {
        try await command(context) { try await releases.resume($0) }
    }

    func release(_ context: ConsoleContext) async throws -> HTTPResponse {
        try await act(context) { id in
            let marked = try await releases.releaseApproved(id)
            return context.language.t("将发布 \(marked) 个小程序。", "\(marked) will be released.")
        }
    }

    func retry(_ context: ConsoleContext) async throws -> HTTPResponse {
        let appID = context.request.pathParameters["appid"] ?? ""
        return try await act(context) { id in
            _ = try await releases.retry(id, appID: appID)
            return context.language.t("已重试 \(appID)。", "\(appID) is retried.")
        }
    }

    private func command(_ context: ConsoleContext, _ action: (String) async throws -> Rollout) async throws -> HTTPResponse {
        try await act(context) { id in
            let rollout = try await action(id)
            return Self.stateName(rollout.state.rawValue, context.language)
        }
    }

    private func act(_ context: ConsoleContext, _ action: (String) async throws -> String) async throws -> HTTPResponse {
        let id = context.request.pathParameters["id"] ?? ""
        guard ReleaseService.isRolloutID(id) else { return ConsoleResponse.notFound(context.language) }
        let flash: ConsoleSessions.Flash
        do {
            flash = .init(ok: true, message: try await action(id))
        } catch let problem as APIProblem {
            flash = .init(ok: false, message: problem.message)
        }
        await sessions.setFlash(flash, for: context.sessionID)
        return ConsoleResponse.redirect(to: "/admin/releases/" + id)
    }

    /// `GET /admin/releases/qrcode/:appid`: WeChat's image, passed through with its type.
    func qrcode(_ context: ConsoleContext) async throws -> HTTPResponse {
        let appID = context.request.pathParameters["appid"] ?? ""
        do {
            let code = try await releases.experienceQRCode(appID: appID)
            let type = code.contentType.lowercased().hasPrefix("image/png") ? "image/png" : "image/jpeg"
            var response = HTTPResponse(status: .ok, headers: ["Content-Type": type, "Cache-Control": "no-store",
                                                               "X-Content-Type-Options": "nosniff"], body: Data(code.image))
            Page.addSecurityHeaders(to: &response)
            return response
        } catch let error as PlatformError {
            return ConsoleResponse.problem(context.language, status: APIResponse.status(error), title: context.language.t("无法获取体验码", "No QR code"),
                                           message: error.description)
        } catch let problem as APIProblem {
            return ConsoleResponse.problem(context.language, status: problem.status, title: context.language.t("无法获取体验码", "No QR code"),
                                           message: problem.message)
        }
    }
}
