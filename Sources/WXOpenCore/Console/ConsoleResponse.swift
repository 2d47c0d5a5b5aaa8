import Foundation
import HTTPServer
import WXOpenSupport

/// Responses that are not full console pages, with the same security headers as pages.
enum ConsoleResponse {
    /// 303: after a POST the browser follows with a GET (RFC 9110 §15.4.4).
    static func redirect(to location: String, cookies: [SetCookie] = []) -> HTTPResponse {
        var response = HTTPResponse.redirect(to: location, status: .seeOther)
        Page.addSecurityHeaders(to: &response)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) -> HTTPResponse {
        var response = APIResponse.json(value, status: status)
        Page.addSecurityHeaders(to: &response)
        return response
    }

    /// A console problem page, with the way back to the dashboard unless `link` says otherwise.
    static func problem(_ language: Language, status: HTTPStatus, title: String, message: String,
                        link: ProblemPage.Link? = nil) -> HTTPResponse {
        ProblemPage(language: language, status: status, title: title, message: message,
                    link: link ?? .init("/admin", language.t("返回控制台", "Back to the console"))).response
    }

    /// The form's CSRF token was missing, wrong or from another session.
    static func csrfRejected(_ language: Language) -> HTTPResponse {
        problem(language, status: .forbidden, title: language.t("表单已失效", "This form has expired"),
                message: language.t("请返回上一页，刷新后重试。", "Go back, reload the page and try again."))
    }

    static func crossOriginRejected(_ language: Language) -> HTTPResponse {
        problem(language, status: .forbidden, title: language.t("请求来源不符", "Request from another site"),
                message: language.t("该表单不是从本控制台提交的，已拒绝。", "This form was not submitted from this console, so it was refused."))
    }

    static func notFound(_ language: Language) -> HTTPResponse {
        problem(language, status: .notFound, title: language.t("没有这个页面", "No such page"),
                message: language.t("控制台中没有这个地址。", "The console has no page at this address."))
    }

    static func noSuchAccount(_ language: Language, appID: String) -> HTTPResponse {
        problem(language, status: .notFound, title: language.t("没有这个帐号", "No such account"),
                message: language.t("平台没有 appid 为 \(appID) 的授权帐号。", "No account with appid \(appID) is authorized to this platform."),
                link: .init("/admin/authorizers", language.t("返回帐号列表", "Back to the accounts")))
    }

    /// A page or an action threw: the operator learns where to look, the log gets the error.
    static func failed(_ language: Language, requestID: String) -> HTTPResponse {
        problem(language, status: .internalServerError, title: language.t("页面出错", "This page failed"),
                message: language.t("请查看服务器日志，请求编号 ", "See the server log for request ") + requestID)
    }
}
