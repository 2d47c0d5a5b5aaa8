import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// The account page's quota tools: an API's quota today, what WeChat logged about a rid, and
/// a quota reset behind a confirmation step (a reset spends one of the 10 WeChat allows the
/// account a month). The lookups are GET forms back to the account page; the reset is a POST
/// behind the console's CSRF guard, recorded with the operator's name.
struct AccountTools: Sendable {
    let platform: Platform
    let tools: QuotaTools
    let sessions: ConsoleSessions

    static func clearPath(_ appID: String) -> String { "/admin/authorizers/\(PercentEncoding.encode(appID))/clear-quota" }

    /// The card, with the answers to the lookups the page's query asks for (`cgi_path`, `rid`).
    func card(_ context: ConsoleContext, appID: String) async -> String {
        let language = context.language
        let query = context.request.query
        let page = "/admin/authorizers/\(PercentEncoding.encode(appID))"
        let cgiPath = query["cgi_path"].flatMap { $0.isEmpty ? nil : $0 }
        let rid = query["rid"].flatMap { $0.isEmpty ? nil : $0 }
        var results = ""
        if let cgiPath {
            results += await result(id: "quota-result", language) {
                let quota = try await tools.quota(.account(appID), cgiPath: cgiPath)
                return language.t("\(cgiPath)：今日限额 \(quota.dailyLimit)，已用 \(quota.used)，剩余 \(quota.remain)",
                                  "\(cgiPath): daily limit \(quota.dailyLimit), used \(quota.used), remaining \(quota.remain)")
            }
        }
        if let rid {
            results += await result(id: "rid-result", language) {
                let info = try await tools.rid(.account(appID), rid: rid)
                return "\(RFC3339.format(info.invokeTime)) \(info.requestURL)\n\(info.requestBody)\n→ \(info.responseBody)"
            }
        }
        return """
            <div class="card" id="tools">
            <h2>\(language.t("接口额度与 rid", "API quota and rid"))</h2>
            <form method="get" action="\(HTML.escape(page))#tools">\
            <label>cgi_path <input type="text" name="cgi_path" id="cgi-path" value="\(HTML.escape(cgiPath ?? "/cgi-bin/message/custom/send"))"></label> \
            <button type="submit" class="secondary" id="show-quota">\(language.t("查看额度", "Show quota"))</button></form>
            <form method="get" action="\(HTML.escape(page))#tools">\
            <label>rid <input type="text" name="rid" id="rid" value="\(HTML.escape(rid ?? ""))" placeholder="61725984-6126f6f9-040f19c4"></label> \
            <button type="submit" class="secondary" id="lookup-rid">\(language.t("查询 rid", "Look up rid"))</button></form>
            \(results)
            <p><a href="\(HTML.escape(Self.clearPath(appID)))" id="clear-quota-link">\(language.t("重置接口调用次数…", "Reset the API quota…"))</a></p>
            </div>
            """
    }

    /// GET: what a reset costs, and the form that does it.
    func confirmClear(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let appID = context.request.pathParameters["appid"] ?? ""
        guard try await platform.store.authorizer(appID: appID) != nil else { return ConsoleResponse.noSuchAccount(language, appID: appID) }
        let body = HTMLFragment(raw: """
            <div class="card" id="confirm-clear">
            <p>\(language.t("将清零 \(HTML.escape(appID)) 今天的接口调用次数（clear_quota）。每个帐号每月只有 10 次机会，用掉就没有了。",
                            "This resets today's API call counts of \(HTML.escape(appID)) (clear_quota). WeChat allows 10 resets an account a month; each one is used up."))</p>
            <form method="post" action="\(HTML.escape(Self.clearPath(appID)))">\(ConsoleLayout.csrfField(context))\
            <input type="hidden" name="confirm" value="\(HTML.escape(appID))">\
            <button type="submit" id="clear-quota">\(language.t("确认重置", "Reset the quota"))</button> \
            <a href="/admin/authorizers/\(PercentEncoding.encode(appID))">\(language.t("取消", "Cancel"))</a></form>
            </div>
            """)
        return ConsoleLayout.page(context, title: language.t("重置接口调用次数", "Reset the API quota"), section: .accounts, body: body)
    }

    /// POST: the reset, when the form repeats the appid; back to the account page with the outcome.
    func clear(_ context: ConsoleContext) async -> HTTPResponse {
        let language = context.language
        let appID = context.request.pathParameters["appid"] ?? ""
        let confirmed = (try? context.request.formParameters())?["confirm"] == appID
        let flash: ConsoleSessions.Flash
        if !confirmed {
            flash = .init(ok: false, message: language.t("未确认，没有重置。", "Not confirmed: nothing was reset."))
        } else {
            do {
                try await tools.clear(.account(appID), by: "console user \(context.session.username)")
                flash = .init(ok: true, message: language.t("接口调用次数已重置。", "The API quota was reset."))
            } catch {
                flash = .init(ok: false, message: language.t("重置失败：", "The reset failed: ") + Self.text(error, language))
            }
        }
        await sessions.setFlash(flash, for: context.sessionID)
        return ConsoleResponse.redirect(to: "/admin/authorizers/" + PercentEncoding.encode(appID))
    }

    private func result(id: String, _ language: Language, _ lookup: () async throws -> String) async -> String {
        do {
            return "<pre class=\"result\" id=\"\(id)\">\(HTML.escape(try await lookup()))</pre>"
        } catch {
            return "<p class=\"error\" id=\"\(id)\">\(HTML.escape(language.t("查询失败：", "The lookup failed: ") + Self.text(error, language)))</p>"
        }
    }

    /// A failure in the page's language when it is one of ours (WeChat's errmsg stays as written).
    static func text(_ error: any Error, _ language: Language) -> String {
        if let platform = error as? PlatformError { return platform.text(language) }
        if let wechat = error as? WeChatAPIError { return PlatformError.wechat(wechat).text(language) }
        return "\(error)"
    }
}
