import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/authorizers/{appid}`: everything known about one account, its event history, and
/// the actions an operator can take on it. Tokens appear as their first 6 characters only.
struct AccountPage: Sendable {
    let tools: AccountTools

    private var platform: Platform { tools.platform }

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let appID = context.request.pathParameters["appid"] ?? ""
        guard let record = try await platform.store.authorizer(appID: appID) else {
            return ConsoleResponse.noSuchAccount(language, appID: appID)
        }
        let events = try await platform.store.recentEvents(EventQuery(appID: appID, limit: 50))
        // Kept on disk (or in the database), read for this page only.
        let rawInfo = try await platform.store.rawInfo(appID: appID)
        let now = platform.clock.now()
        let info = record.info
        let avatar = HTML.safeImageURL(info?.headImage).map { "<img class=\"avatar large\" alt=\"\" src=\"\($0)\"> " } ?? ""
        let qrcode = HTML.safeImageURL(info?.qrcodeURL).map { "<img class=\"qrcode\" alt=\"QR\" src=\"\($0)\">" } ?? "—"
        let permissions = record.funcInfo.map {
            "<li>\(HTML.escape(PermissionSet.name($0, language: language.code))) <span class=\"muted\">(\($0))</span></li>"
        }.joined()
        let expiry = AccountsPage.tokenExpiryText(record, now: now, language)
        let fields: [(String, String)] = [
            ("appid", "<code id=\"appid\">\(HTML.escape(record.appID))</code>"),
            (language.t("类型", "Type"), HTML.escape(ConsoleFormat.typeName(record.accountType, language))),
            (language.t("认证", "Verified"), HTML.escape(info.map { $0.isVerified ? language.t("已认证", "Verified") : language.t("未认证", "Not verified") } ?? "—")),
            (language.t("主体", "Principal"), "<span id=\"principal\">\(HTML.escape(info?.principalName ?? "—"))</span>"),
            (language.t("原始 ID", "User name"), HTML.escape(info?.userName ?? "—")),
            (language.t("微信号", "Alias"), HTML.escape(info?.alias.flatMap { $0.isEmpty ? nil : $0 } ?? "—")),
            (language.t("简介", "Signature"), HTML.escape(info?.signature ?? "—")),
            (language.t("状态", "Status"), ConsoleFormat.statusPill(record.status, language)
                + (record.statusReason.map { " <span class=\"muted\">\(HTML.escape($0))</span>" } ?? "")),
            (language.t("授权时间", "Authorized"), ConsoleFormat.timeElement(record.authorizedAt)),
            (language.t("取消授权时间", "Revoked"), ConsoleFormat.timeElement(record.revokedAt)),
            ("ref", HTML.escape(record.ref ?? "—")),
            ("access_token", "<code id=\"access-token\">\(HTML.escape(ConsoleFormat.tokenPrefix(record.accessToken)))</code> "
                + "<span id=\"token-expiry\">\(HTML.escape(expiry.text))</span> (\(ConsoleFormat.timeElement(record.accessTokenExpiresAt)))"),
            ("refresh_token", "<code id=\"refresh-token\">\(HTML.escape(ConsoleFormat.tokenPrefix(record.refreshToken)))</code>"),
            (language.t("上次刷新", "Last refresh"), ConsoleFormat.timeElement(record.lastRefreshAt)),
            (language.t("上次刷新错误", "Last refresh error"), "<span id=\"last-refresh-error\">\(HTML.escape(record.lastRefreshError ?? "—"))</span>"),
            (language.t("资料获取时间", "Details fetched"), ConsoleFormat.timeElement(info?.fetchedAt)),
            (language.t("更新时间", "Updated"), ConsoleFormat.timeElement(record.updatedAt)),
            (language.t("二维码", "QR code"), qrcode),
        ]
        let list = fields.map { "<dt>\(HTML.escape($0.0))</dt><dd>\($0.1)</dd>" }.joined(separator: "\n")
        let readers = platform.tokenReads.readers(of: record.appID, now: now).map {
            "<li><code>\(HTML.escape($0.key))</code> <span class=\"muted\">\(HTML.escape(ConsoleFormat.ago($0.at, now: now, language)))</span></li>"
        }.joined()
        let authorizeLink = AuthorizeLinksPage.link(base: platform.configuration.server.publicBaseURL,
                                                    options: AuthorizeLinksPage.options(forAccount: record))
        let body = HTMLFragment(raw: """
            <div class="card actions" id="actions">
            \(ConsoleLayout.actionButton(context, action: "/admin/authorizers/\(PercentEncoding.encode(appID))/refresh-token",
                                         label: language.t("立即刷新令牌", "Refresh token now"), id: "refresh-token-now"))
            \(ConsoleLayout.actionButton(context, action: "/admin/authorizers/\(PercentEncoding.encode(appID))/refresh-info",
                                         label: language.t("重新获取资料", "Re-fetch info"), id: "refresh-info", secondary: true))
            <h2>\(language.t("该帐号的授权链接", "Authorize link for this account"))</h2>
            <p class="muted">\(language.t("发给商户，仅该帐号可以完成授权（biz_appid）。", "Send it to the merchant: only this account can complete it (biz_appid)."))</p>
            \(ConsoleLayout.copyField(id: "authorize-link", value: authorizeLink, label: language.t("复制", "Copy")))
            <p><a href="/admin/links?biz_appid=\(PercentEncoding.encode(record.appID))">\(language.t("更多选项", "More options"))</a></p>
            </div>
            \(await tools.card(context, appID: record.appID))
            <div class="card"><dl class="fields">
            \(list)
            </dl></div>
            <h2>\(language.t("权限集", "Permissions"))</h2>
            <ul id="permissions">\(permissions.isEmpty ? "<li>\(language.t("无", "None"))</li>" : permissions)</ul>
            <h2>\(language.t("最近读取令牌的 API 密钥（24 小时，本实例）", "API keys that read its token (24 h, this instance)"))</h2>
            <ul id="token-readers">\(readers.isEmpty ? "<li>\(language.t("无", "None"))</li>" : readers)</ul>
            <h2>\(language.t("事件记录", "Event history"))</h2>
            \(EventsTable.render(events, language, id: "account-events", showAccount: false))
            <h2>\(language.t("原始资料", "Raw info"))</h2>
            <pre id="raw-info">\(HTML.escape(Self.prettyJSON(rawInfo) ?? language.t("尚未获取", "Not fetched yet")))</pre>
            """)
        let heading = HTMLFragment(raw: """
            <h1 class="account-head">\(avatar)<span id="account-name">\(HTML.escape(info?.nickName ?? record.appID))</span> \
            <span class="pill">\(HTML.escape(ConsoleFormat.typeName(record.accountType, language)))</span> \
            \(ConsoleFormat.statusPill(record.status, language))</h1>
            """)
        return ConsoleLayout.page(context, title: info?.nickName ?? record.appID, section: .accounts, body: body, heading: heading)
    }

    /// The raw `authorizer_info` indented with sorted keys; as stored when it is not JSON.
    static func prettyJSON(_ raw: String?) -> String? {
        guard let raw else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return raw }
        return String(decoding: data, as: UTF8.self)
    }
}
