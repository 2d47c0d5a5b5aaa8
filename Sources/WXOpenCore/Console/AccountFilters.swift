import Foundation
import HTTPServer
import WXOpenSupport

/// The accounts list's selection as it came in (`q`, `ref`, `status`, `type`) and its order
/// (`sort`, `dir`): kept in every link of the list, and the same selection for the CSV export
/// and a bulk action, so that each acts on exactly the accounts the list showed.
struct AccountFilters: Sendable, Equatable {
    var search = ""
    /// An exact `ref` (the platform's own customer reference), where `search` is a substring.
    var ref = ""
    var status: AuthorizerStatus?
    var type: AccountType?
    var sort = AuthorizerSort.appID
    var descending = false

    static let path = "/admin/authorizers"

    init() {}

    /// From a query string or a form; unknown values count as absent, overlong text is cut.
    init(_ parameters: QueryParameters) {
        search = String((parameters["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        // A ref is at most 128 characters (the start page's limit).
        ref = String((parameters["ref"] ?? "").trimmingCharacters(in: .whitespaces).prefix(128))
        status = parameters["status"].flatMap(AuthorizerStatus.init(rawValue:))
        type = parameters["type"].flatMap(AccountType.init(rawValue:))
        sort = parameters["sort"].flatMap(AuthorizerSort.init(rawValue:)) ?? .appID
        descending = parameters["dir"] == "desc"
    }

    /// Whether anything narrows the selection (the order does not).
    var isFiltered: Bool { !search.isEmpty || !ref.isEmpty || status != nil || type != nil }

    /// The parameters that reproduce this selection and order, defaults left out.
    var parameters: QueryParameters {
        var parameters = QueryParameters()
        if !search.isEmpty { parameters.append("q", search) }
        if !ref.isEmpty { parameters.append("ref", ref) }
        if let status { parameters.append("status", status.rawValue) }
        if let type { parameters.append("type", type.rawValue) }
        if sort != .appID { parameters.append("sort", sort.rawValue) }
        if descending { parameters.append("dir", "desc") }
        return parameters
    }

    /// A link to `path` with this selection (and a page number past the first).
    func link(_ path: String = Self.path, page: Int? = nil) -> String {
        var parameters = parameters
        if let page, page > 1 { parameters.append("page", String(page)) }
        return path + (parameters.isEmpty ? "" : "?" + parameters.encoded)
    }

    /// The same selection in another order: what a column heading links to.
    func sorted(by sort: AuthorizerSort, descending: Bool) -> AccountFilters {
        var copy = self
        copy.sort = sort
        copy.descending = descending
        return copy
    }

    func query(limit: Int, offset: Int = 0, status override: AuthorizerStatus? = nil) -> AuthorizerQuery {
        AuthorizerQuery(status: override ?? status, type: type, search: search.isEmpty ? nil : search, ref: ref.isEmpty ? nil : ref,
                        limit: limit, sort: sort, descending: descending, offset: offset)
    }

    /// Hidden form fields that carry the selection into a POST.
    var hiddenFields: String {
        parameters.map { "<input type=\"hidden\" name=\"\(HTML.escape($0.name))\" value=\"\(HTML.escape($0.value))\">" }.joined()
    }

    /// Every account of the selection, in its order, a store page at a time. Ascending appid
    /// order pages by cursor; other orders by offset, which the store skips over its flat arrays.
    func forEachAccount(in store: any Store, status override: AuthorizerStatus? = nil,
                        _ body: ([AuthorizerRecord]) async throws -> Void) async throws {
        let pageSize = StoreSearchRules.pageSize(.max)
        var query = query(limit: pageSize, status: override)
        var offset = 0
        while true {
            let page = try await store.listAuthorizers(query)
            if page.authorizers.isEmpty { return }
            try await body(page.authorizers)
            offset += page.authorizers.count
            if query.sort == .appID && !query.descending {
                guard let next = page.nextCursor else { return }
                query.cursor = next
            } else {
                guard offset < page.totalMatching else { return }
                query.offset = offset
            }
        }
    }
}
