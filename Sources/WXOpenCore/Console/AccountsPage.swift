import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/authorizers`: search by name, appid or ref, filter by ref, status and type, sort by
/// name, authorization time or token expiry, 50 at a time with page numbers. The store searches,
/// sorts and skips (its orders are kept sorted), so 100,000 accounts stay quick. The same
/// selection exports as CSV (`AccountsCSV`) and feeds the bulk actions (`BulkActionPage`).
struct AccountsPage: Sendable {
    let platform: Platform
    let pageSize: Int

    /// Pages past this are not offered (5 million accounts at 50 a page).
    static let maxPage = 100_000

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let filters = AccountFilters(context.request.query)
        var pageNumber = max(1, min(Int(context.request.query["page"] ?? "") ?? 1, Self.maxPage))
        var result = try await platform.store.listAuthorizers(filters.query(limit: pageSize, offset: (pageNumber - 1) * pageSize))
        let pageCount = max(1, (result.totalMatching + pageSize - 1) / pageSize)
        if pageNumber > pageCount {
            // A link from before accounts went away: the last page rather than an empty one.
            pageNumber = pageCount
            result = try await platform.store.listAuthorizers(filters.query(limit: pageSize, offset: (pageNumber - 1) * pageSize))
        }
        let now = platform.clock.now()
        let rows = result.authorizers.map { row($0, filters: filters, now: now, language) }.joined(separator: "\n")
        let first = (pageNumber - 1) * pageSize + 1
        let last = first + result.authorizers.count - 1
        let summary = result.authorizers.isEmpty
            ? language.t("没有符合条件的帐号。", "No account matches.")
            : language.t("共 \(ConsoleFormat.count(result.totalMatching)) 个帐号，第 \(pageNumber) 页（第 \(ConsoleFormat.count(first))–\(ConsoleFormat.count(last)) 个）",
                         "\(ConsoleFormat.count(result.totalMatching)) accounts · page \(pageNumber) (\(ConsoleFormat.count(first))–\(ConsoleFormat.count(last)))")
        let pager = PageLinks.render(current: pageNumber, count: min(pageCount, Self.maxPage), language) { filters.link(page: $0) }
        let body = HTMLFragment(raw: """
            \(filterForm(filters, language))
            <p class="muted" id="summary">\(HTML.escape(summary))</p>
            \(tools(filters, matching: result.totalMatching, language))
            <div class="table-wrap"><table id="accounts">
            <thead><tr><th></th><th>\(heading(language.t("名称", "Name"), .name, filters, language))</th><th>\(language.t("类型", "Type"))</th>\
            <th>\(language.t("认证", "Verified"))</th><th>\(language.t("主体", "Principal"))</th><th>\(language.t("权限", "Permissions"))</th>\
            <th>\(heading(language.t("令牌到期", "Token expires"), .tokenExpiry, filters, language))</th><th>\(language.t("状态", "Status"))</th>\
            <th>\(heading(language.t("授权时间", "Authorized"), .authorizedAt, filters, language))</th><th>ref</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            \(pager)
            """)
        return ConsoleLayout.page(context, title: language.t("授权帐号", "Accounts"), section: .accounts, body: body)
    }

    /// A column heading that sorts by `sort`: ascending first, then the other way round.
    private func heading(_ label: String, _ sort: AuthorizerSort, _ filters: AccountFilters, _ language: Language) -> String {
        let current = filters.sort == sort
        let target = filters.sorted(by: sort, descending: current && !filters.descending)
        let arrow = current ? (filters.descending ? " ▼" : " ▲") : ""
        let state = current ? " aria-sort=\"\(filters.descending ? "descending" : "ascending")\"" : ""
        return "<a class=\"sort\" id=\"sort-\(sort.rawValue)\" href=\"\(HTML.escape(target.link()))\"\(state)>\(HTML.escape(label))\(arrow)</a>"
    }

    /// The CSV export and the bulk actions, all of the selection the page shows.
    private func tools(_ filters: AccountFilters, matching: Int, _ language: Language) -> String {
        guard matching > 0 else { return "" }
        let csv = "<a class=\"button secondary\" id=\"export-csv\" href=\"\(HTML.escape(filters.link(AccountsCSV.path)))\" download>"
            + language.t("导出 CSV", "Export CSV") + "</a>"
        let bulk = BulkAction.allCases.map { action in
            var parameters = filters.parameters
            parameters.append("action", action.rawValue)
            let href = BulkActionPage.confirmPath + "?" + parameters.encoded
            return "<a class=\"button secondary\" id=\"bulk-\(action.rawValue)\" href=\"\(HTML.escape(href))\">\(HTML.escape(action.label(language)))</a>"
        }
        let scope = filters.isFiltered
            ? language.t("以下操作针对全部 \(ConsoleFormat.count(matching)) 个符合条件的帐号：", "For all \(ConsoleFormat.count(matching)) matching accounts:")
            : language.t("以下操作针对全部 \(ConsoleFormat.count(matching)) 个帐号：", "For all \(ConsoleFormat.count(matching)) accounts:")
        return "<p class=\"actions\" id=\"selection-tools\"><span class=\"muted\">\(HTML.escape(scope))</span> \(csv) \(bulk.joined(separator: " "))</p>"
    }

    private func filterForm(_ filters: AccountFilters, _ language: Language) -> String {
        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(value)\"\(selected ? " selected" : "")>\(HTML.escape(label))</option>"
        }
        let statuses = [option("", language.t("全部状态", "Any status"), selected: filters.status == nil)]
            + AuthorizerStatus.allCases.map { option($0.rawValue, ConsoleFormat.statusName($0, language), selected: filters.status == $0) }
        let types = [option("", language.t("全部类型", "Any type"), selected: filters.type == nil)]
            + [AccountType.officialAccount, .miniProgram].map { option($0.rawValue, ConsoleFormat.typeName($0, language), selected: filters.type == $0) }
        // The order is kept when the filters change.
        var order = QueryParameters()
        if filters.sort != .appID { order.append("sort", filters.sort.rawValue) }
        if filters.descending { order.append("dir", "desc") }
        let hidden = order.map { "<input type=\"hidden\" name=\"\($0.name)\" value=\"\(HTML.escape($0.value))\">" }.joined()
        return """
            <form class="filters" method="get" action="/admin/authorizers" id="account-filters">\(hidden)
            <div><label for="q">\(language.t("名称、appid 或 ref", "Name, appid or ref"))</label>\
            <input id="q" name="q" type="search" value="\(HTML.escape(filters.search))"></div>
            <div><label for="ref">\(language.t("ref（完全一致）", "ref (exact)"))</label>\
            <input id="ref" name="ref" value="\(HTML.escape(filters.ref))"></div>
            <div><label for="status">\(language.t("状态", "Status"))</label><select id="status" name="status">\(statuses.joined())</select></div>
            <div><label for="type">\(language.t("类型", "Type"))</label><select id="type" name="type">\(types.joined())</select></div>
            <div><button type="submit" id="search">\(language.t("筛选", "Filter"))</button></div>
            </form>
            """
    }

    private func row(_ record: AuthorizerRecord, filters: AccountFilters, now: Date, _ language: Language) -> String {
        let info = record.info
        let link = "/admin/authorizers/" + PercentEncoding.encode(record.appID)
        let avatar = HTML.safeImageURL(info?.headImage).map { "<img class=\"avatar\" alt=\"\" src=\"\($0)\">" } ?? ""
        let verified = info.map { $0.isVerified ? language.t("已认证", "Verified") : language.t("未认证", "Not verified") } ?? "—"
        return """
            <tr data-appid="\(HTML.escape(record.appID))"><td>\(avatar)</td>\
            <td><a href="\(HTML.escape(link))" class="account-name">\(HTML.escape(info?.nickName ?? record.appID))</a>\
            <br><code class="muted">\(HTML.escape(record.appID))</code></td>\
            <td class="nowrap">\(HTML.escape(ConsoleFormat.typeName(record.accountType, language)))</td><td class="nowrap">\(HTML.escape(verified))</td>\
            <td>\(HTML.escape(info?.principalName ?? "—"))</td>\
            <td class="permissions">\(HTML.escape(ConsoleFormat.permissionNames(record.funcInfo, language)))</td>\
            <td>\(tokenExpiry(record, now: now, language))</td><td>\(ConsoleFormat.statusPill(record.status, language))</td>\
            <td class="nowrap">\(ConsoleFormat.timeElement(record.authorizedAt))</td><td>\(refLink(record.ref, filters))</td></tr>
            """
    }

    /// A ref links to the list of every account with that ref.
    private func refLink(_ ref: String?, _ filters: AccountFilters) -> String {
        guard let ref, !ref.isEmpty else { return "—" }
        var same = AccountFilters()
        same.ref = ref
        same.sort = filters.sort
        same.descending = filters.descending
        return "<a class=\"ref\" href=\"\(HTML.escape(same.link()))\">\(HTML.escape(ref))</a>"
    }

    /// When the access token expires; a past date on an authorized account is a warning sign.
    static func tokenExpiryText(_ record: AuthorizerRecord, now: Date, _ language: Language) -> (text: String, late: Bool) {
        guard let expires = record.accessTokenExpiresAt, record.accessToken != nil else {
            return (language.t("无", "none"), record.status == .authorized)
        }
        return (ConsoleFormat.until(expires, now: now, language), expires <= now)
    }

    private func tokenExpiry(_ record: AuthorizerRecord, now: Date, _ language: Language) -> String {
        let (text, late) = Self.tokenExpiryText(record, now: now, language)
        return late ? "<span class=\"pill amber\">\(HTML.escape(text))</span>" : HTML.escape(text)
    }
}
