import HTTPServer
import WXOpenSupport

/// The frame of every signed-in console page: the navigation, the sign-out form, the one-time
/// message of the last action, the title.
enum ConsoleLayout {
    enum Section: CaseIterable {
        case dashboard, accounts, sync, releases, deliveries, events, links, keys

        var path: String {
            switch self {
            case .dashboard: "/admin"
            case .accounts: "/admin/authorizers"
            case .sync: "/admin/sync"
            case .releases: "/admin/releases"
            case .deliveries: "/admin/deliveries"
            case .events: "/admin/events"
            case .links: "/admin/links"
            case .keys: "/admin/keys"
            }
        }

        func name(_ language: Language) -> String {
            switch self {
            case .dashboard: language.t("概览", "Dashboard")
            case .accounts: language.t("授权帐号", "Accounts")
            case .sync: language.t("同步", "Sync")
            case .releases: language.t("小程序发布", "Releases")
            case .deliveries: language.t("消息转发", "Deliveries")
            case .events: language.t("事件", "Events")
            case .links: language.t("授权链接", "Authorize links")
            case .keys: language.t("API 密钥", "API keys")
            }
        }
    }

    /// - Parameter heading: replaces the plain `<h1>` title, e.g. with an avatar and status pills.
    static func page(_ context: ConsoleContext, title: String, section: Section?, body: HTMLFragment, status: HTTPStatus = .ok,
                     heading: HTMLFragment? = nil, head: HTMLFragment = "") -> HTTPResponse {
        let language = context.language
        let links = Section.allCases.map { item in
            "<a href=\"\(item.path)\"\(item == section ? " class=\"current\" aria-current=\"page\"" : "")>\(HTML.escape(item.name(language)))</a>"
        }.joined()
        let flash = context.flash.map {
            "<div class=\"card \($0.ok ? "ok" : "error")\" id=\"flash\" role=\"status\">\(HTML.escape($0.message))</div>"
        } ?? ""
        let html = HTMLFragment(raw: """
            <nav class="top"><div>
            <strong>wxopen</strong>
            \(links)
            <form class="inline" method="post" action="/admin/logout">\(csrfField(context))\
            <span class="muted">\(HTML.escape(context.session.username))</span> \
            <button type="submit" class="secondary small" id="logout">\(language.t("退出", "Sign out"))</button></form>
            </div></nav>
            <main>
            \(flash)
            \(heading?.html ?? "<h1>\(HTML.escape(title))</h1>")
            \(body.html)
            </main>
            """)
        let page = Page(title: title + " · wxopen", language: language.code, body: html, scripts: [ConsoleAssets.scriptPath], head: head)
        return page.response(status: status)
    }

    /// The hidden field every state-changing form carries.
    static func csrfField(_ context: ConsoleContext) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(context.session.csrfToken))\">"
    }

    /// A POST button for an action of the console (one form per button, so each carries the token).
    static func actionButton(_ context: ConsoleContext, action: String, label: String, id: String, secondary: Bool = false) -> String {
        """
        <form class="inline" method="post" action="\(HTML.escape(action))">\(csrfField(context))\
        <button type="submit" id="\(HTML.escape(id))"\(secondary ? " class=\"secondary\"" : "")>\(HTML.escape(label))</button></form>
        """
    }

    /// A read-only field holding a value to copy; the console script adds a copy button.
    static func copyField(id: String, value: String, label: String) -> String {
        """
        <div class="copy"><input type="text" readonly id="\(HTML.escape(id))" value="\(HTML.escape(value))" aria-label="\(HTML.escape(label))">\
        <button type="button" class="secondary" hidden data-copy="\(HTML.escape(id))">\(HTML.escape(label))</button></div>
        """
    }
}
