import HTTPServer
import WXOpenSupport

/// A server-rendered page: layout, stylesheet link, and the headers every page sends.
public struct Page: Sendable {
    public var title: String
    public var language: String
    public var body: HTMLFragment
    /// Scripts from our own origin (the CSP allows no inline script).
    public var scripts: [String] = []
    /// More elements for `<head>`, e.g. a `<noscript>` refresh for pages that update themselves.
    public var head: HTMLFragment = ""

    public init(title: String, language: String, body: HTMLFragment, scripts: [String] = [], head: HTMLFragment = "") {
        self.title = title
        self.language = language
        self.body = body
        self.scripts = scripts
        self.head = head
    }

    public var html: String {
        let scriptTags = scripts.map { "<script src=\"\(HTML.escape($0))\" defer></script>" }.joined()
        return """
            <!doctype html>
            <html lang="\(language == "en" ? "en" : "zh-CN")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <link rel="stylesheet" href="/assets/wxopen.css">
            \(scriptTags)\(head.html)
            </head>
            <body>
            \(body.html)
            </body>
            </html>
            """
    }

    /// The response, with the headers of issue 6: a CSP without inline script, no framing, no
    /// sniffing, no caching. `referrerPolicy`: pages that lead to WeChat's authorization page must
    /// send the Referer cross-origin (WeChat checks its host), so they must not say `no-referrer`.
    public func response(status: HTTPStatus = .ok, referrerPolicy: String = "same-origin") -> HTTPResponse {
        var response = HTTPResponse.html(html, status: status)
        Page.addSecurityHeaders(to: &response, referrerPolicy: referrerPolicy)
        return response
    }

    public static func addSecurityHeaders(to response: inout HTTPResponse, referrerPolicy: String = "same-origin") {
        response.headers["Content-Security-Policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = referrerPolicy
        response.headers["Cache-Control"] = "no-store"
    }
}
