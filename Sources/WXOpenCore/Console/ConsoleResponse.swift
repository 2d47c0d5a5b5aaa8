import Foundation
import HTTPServer
import WXOpenSupport

/// Responses that are not full console pages, with the same security headers as pages.
enum ConsoleResponse {
    /// 303: after a POST the browser follows with a GET (RFC 9110 §15.4.4).
    static func redirect(to location: String, cookies: [String] = []) -> HTTPResponse {
        var response = HTTPResponse.redirect(to: location, status: .seeOther)
        Page.addSecurityHeaders(to: &response)
        for cookie in cookies { response.headers.add("Set-Cookie", cookie) }
        return response
    }

    static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) -> HTTPResponse {
        var response = APIResponse.json(value, status: status)
        Page.addSecurityHeaders(to: &response)
        return response
    }

    /// A small page for a refusal or a failure: what happened and what to do next.
    static func problem(_ language: Language, status: HTTPStatus, title: String, message: String,
                        link: (href: String, text: String)? = nil) -> HTTPResponse {
        let action = link.map { "<p><a class=\"button secondary\" href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.text))</a></p>" } ?? ""
        let body = HTMLFragment(raw: """
            <main class="narrow"><div class="card error" id="problem">
            <h1>\(HTML.escape(title))</h1>
            <p>\(HTML.escape(message))</p>
            \(action)
            </div></main>
            """)
        return Page(title: title, language: language.code, body: body).response(status: status)
    }

    /// The form's CSRF token was missing, wrong or from another session.
    static func csrfRejected(_ language: Language) -> HTTPResponse {
        problem(language, status: .forbidden, title: language.t("表单已失效", "This form has expired"),
                message: language.t("请返回上一页，刷新后重试。", "Go back, reload the page and try again."),
                link: ("/admin", language.t("返回控制台", "Back to the console")))
    }

    static func crossOriginRejected(_ language: Language) -> HTTPResponse {
        problem(language, status: .forbidden, title: language.t("请求来源不符", "Request from another site"),
                message: language.t("该表单不是从本控制台提交的，已拒绝。", "This form was not submitted from this console, so it was refused."),
                link: ("/admin", language.t("返回控制台", "Back to the console")))
    }
}
