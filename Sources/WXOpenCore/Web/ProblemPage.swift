import HTTPServer
import WXOpenSupport

/// The page for a refusal or a failure, whoever meets it (a merchant authorizing, an operator in
/// the console, a person logging in to an app): what happened, what to do next, in the page's
/// language, with every text escaped and the headers of every page.
struct ProblemPage: Sendable {
    /// Where to go next, as a button.
    struct Link: Sendable, Equatable {
        var href: String
        var text: String
        /// For tests and scripts; nil for none.
        var id: String?

        init(_ href: String, _ text: String, id: String? = nil) {
            self.href = href
            self.text = text
            self.id = id
        }
    }

    var language: Language
    var status: HTTPStatus
    var title: String
    var message: String
    var link: Link?
    /// `Page.response`'s: pages on the way to WeChat keep a cross-origin Referer, the web-login
    /// callback sends none.
    var referrerPolicy = "same-origin"

    var html: HTMLFragment {
        let action = link.map { link in
            let id = link.id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
            return "<p><a class=\"button secondary\"\(id) href=\"\(HTML.escape(link.href))\">\(HTML.escape(link.text))</a></p>"
        } ?? ""
        return HTMLFragment(raw: """
            <main class="narrow"><div class="card error" id="problem">
            <h1>\(HTML.escape(title))</h1>
            <p>\(HTML.escape(message))</p>
            \(action)
            </div></main>
            """)
    }

    var response: HTTPResponse {
        Page(title: title, language: language.code, body: html).response(status: status, referrerPolicy: referrerPolicy)
    }
}
