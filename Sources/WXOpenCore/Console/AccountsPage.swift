import Foundation
import HTTPServer
import WXOpenSupport

/// `/admin/authorizers`: search by name or appid, filter by status and type, one page of 50 at
/// a time by the store's cursor (the store does the searching, so 100,000 accounts stay quick).
struct AccountsPage: Sendable {
    let platform: Platform
    let pageSize: Int

    /// The filters as they came in, kept in every link of the page.
    struct Filters: Sendable, Equatable {
        var search = ""
        var status: AuthorizerStatus?
        var type: AccountType?

        init(_ query: QueryParameters) {
            search = String((query["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
            status = query["status"].flatMap(AuthorizerStatus.init(rawValue:))
            type = query["type"].flatMap(AccountType.init(rawValue:))
        }

        func link(cursor: String? = nil, page: Int? = nil) -> String {
            var query = QueryParameters()
            if !search.isEmpty { query.append("q", search) }
            if let status { query.append("status", status.rawValue) }
            if let type { query.append("type", type.rawValue) }
            if let cursor { query.append("cursor", cursor) }
            if let page { query.append("page", String(page)) }
            return "/admin/authorizers" + (query.isEmpty ? "" : "?" + query.encoded)
        }
    }

    func render(_ context: ConsoleContext) async throws -> HTTPResponse {
        let language = context.language
        let query = context.request.query
        let filters = Filters(query)
        let cursor = query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
        // The page number is only for people: the cursor is what pages.
        let pageNumber = cursor == nil ? 1 : max(1, min(Int(query["page"] ?? "") ?? 2, 1_000_000))
        let result: AuthorizerPage
        do {
            result = try await platform.store.listAuthorizers(AuthorizerQuery(
                status: filters.status, type: filters.type, search: filters.search.isEmpty ? nil : filters.search,
                limit: pageSize, cursor: cursor))
        } catch StoreError.invalidRequest {
            return ConsoleResponse.problem(language, status: .badRequest, title: language.t("页码链接无效", "This page link is not valid"),
                                           message: language.t("请从第一页重新开始。", "Start again from the first page."),
                                           link: .init(filters.link(), language.t("第一页", "First page")))
        }
        let now = platform.clock.now()
        let rows = result.authorizers.map { row($0, now: now, language) }.joined(separator: "\n")
        let first = (pageNumber - 1) * pageSize + 1
        let summary = result.authorizers.isEmpty
            ? language.t("没有符合条件的帐号。", "No account matches.")
            : language.t("共 \(ConsoleFormat.count(result.totalMatching)) 个帐号，第 \(pageNumber) 页（第 \(ConsoleFormat.count(first))–\(ConsoleFormat.count(first + result.authorizers.count - 1)) 个）",
                         "\(ConsoleFormat.count(result.totalMatching)) accounts · page \(pageNumber) (\(ConsoleFormat.count(first))–\(ConsoleFormat.count(first + result.authorizers.count - 1)))")
        var pager: [String] = []
        if cursor != nil { pager.append("<a class=\"button secondary\" id=\"first-page\" href=\"\(HTML.escape(filters.link()))\">\(language.t("第一页", "First page"))</a>") }
        if let next = result.nextCursor {
            pager.append("<a class=\"button secondary\" id=\"next-page\" href=\"\(HTML.escape(filters.link(cursor: next, page: pageNumber + 1)))\">\(language.t("下一页", "Next page"))</a>")
        }
        let body = HTMLFragment(raw: """
            \(filterForm(filters, language))
            <p class="muted" id="summary">\(HTML.escape(summary))</p>
            <div class="table-wrap"><table id="accounts">
            <thead><tr><th></th><th>\(language.t("名称", "Name"))</th><th>\(language.t("类型", "Type"))</th>\
            <th>\(language.t("认证", "Verified"))</th><th>\(language.t("主体", "Principal"))</th><th>\(language.t("权限", "Permissions"))</th>\
            <th>\(language.t("令牌到期", "Token expires"))</th><th>\(language.t("状态", "Status"))</th>\
            <th>\(language.t("授权时间", "Authorized"))</th><th>ref</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            <p class="pager">\(pager.joined(separator: " "))</p>
            """)
        return ConsoleLayout.page(context, title: language.t("授权帐号", "Accounts"), section: .accounts, body: body)
    }

    private func filterForm(_ filters: Filters, _ language: Language) -> String {
        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(value)\"\(selected ? " selected" : "")>\(HTML.escape(label))</option>"
        }
        let statuses = [option("", language.t("全部状态", "Any status"), selected: filters.status == nil)]
            + AuthorizerStatus.allCases.map { option($0.rawValue, ConsoleFormat.statusName($0, language), selected: filters.status == $0) }
        let types = [option("", language.t("全部类型", "Any type"), selected: filters.type == nil)]
            + [AccountType.officialAccount, .miniProgram].map { option($0.rawValue, ConsoleFormat.typeName($0, language), selected: filters.type == $0) }
        return """
            <form class="filters" method="get" action="/admin/authorizers" id="account-filters">
            <div><label for="q">\(language.t("名称或 appid", "Name or appid"))</label>\
            <input id="q" name="q" type="search" value="\(HTML.escape(filters.search))"></div>
            <div><label for="status">\(language.t("状态", "Status"))</label><select id="status" name="status">\(statuses.joined())</select></div>
            <div><label for="type">\(language.t("类型", "Type"))</label><select id="type" name="type">\(types.joined())</select></div>
            <div><button type="submit" id="search">\(language.t("筛选", "Filter"))</button></div>
            </form>
            """
    }

    private func row(_ record: AuthorizerRecord, now: Date, _ language: Language) -> String {
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
            <td class="nowrap">\(ConsoleFormat.timeElement(record.authorizedAt))</td><td>\(HTML.escape(record.ref ?? "—"))</td></tr>
            """
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
