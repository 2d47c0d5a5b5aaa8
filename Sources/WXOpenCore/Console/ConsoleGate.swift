import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// What a signed-in request carries into a page or an action.
struct ConsoleContext: Sendable {
    let request: HTTPRequest
    let language: Language
    let sessionID: String
    let session: ConsoleSessions.Session
    /// A message left by the previous action (shown once).
    let flash: ConsoleSessions.Flash?
}

/// The checks in front of every console page and action: a live session, the CSRF token on
/// every POST, and the browser's `Origin`/`Referer` when it sends one.
struct ConsoleGate: Sendable {
    static let sessionCookie = "wxopen_session"
    static let cookiePath = "/admin"

    let sessions: ConsoleSessions
    let publicBaseURL: String
    let languageSetting: Language.Setting

    /// Cookies get `Secure` when operators reach the console over https: the public URL says
    /// so, or a trusted reverse proxy does.
    func secureCookies(for request: HTTPRequest) -> Bool { BrowserBinding.isHTTPS(request, publicBaseURL: publicBaseURL) }

    func language(_ request: HTTPRequest) -> Language { Language.pick(for: request, setting: languageSetting) }

    /// The signed-in context, or nil when there is no live session. Throws when the store
    /// cannot be read: that is no reason to send an operator to the login page.
    func context(for request: HTTPRequest) async throws -> ConsoleContext? {
        guard let id = request.cookies[Self.sessionCookie],
              let (session, flash) = try await sessions.session(for: id, takingFlash: request.method == .get) else { return nil }
        return ConsoleContext(request: request, language: language(request), sessionID: id, session: session, flash: flash)
    }

    /// The page for a console request whose session could not be looked up.
    func unavailable(_ request: HTTPRequest, _ error: any Error, logger: Logger) -> HTTPResponse {
        logger.error("console_session_unavailable", ["request_id": request.requestID, "path": request.path, "error": "\(error)"])
        let language = language(request)
        return ConsoleResponse.problem(language, status: .serviceUnavailable, title: language.t("暂时无法访问", "Temporarily unavailable"),
                                       message: language.t("存储暂不可用，请稍后刷新。", "The store is unavailable; reload in a few seconds."))
    }

    /// Where an anonymous visitor goes: the login page, remembering the page asked for.
    func redirectToLogin(_ request: HTTPRequest) -> HTTPResponse {
        var location = "/admin/login"
        if request.method == .get, let next = Self.safeNext(request.target), next != "/admin" {
            location += "?next=" + PercentEncoding.encode(next)
        }
        return ConsoleResponse.redirect(to: location)
    }

    /// A `next` target we may redirect to after login: a console path on this site, nothing
    /// that a browser could read as another host (`//evil`, `/\evil`) or that loops to login.
    static func safeNext(_ target: String?) -> String? {
        guard let target, target.utf8.count <= 2048, target == "/admin" || target.hasPrefix("/admin/") || target.hasPrefix("/admin?"),
              !target.contains("//"), !target.contains("\\"), !target.contains("/.."),
              target.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
              !target.hasPrefix("/admin/login"), !target.hasPrefix("/admin/logout") else { return nil }
        return target
    }

    /// A second line of defence behind the CSRF token: a browser that names the page a POST came
    /// from must name ours. Requests without either header (older clients, privacy tools) rely
    /// on the token alone.
    func isSameOrigin(_ request: HTTPRequest) -> Bool {
        guard let named = request.headers["Origin"] ?? request.headers["Referer"] else { return true }
        guard let claimed = Self.origin(of: named) else { return false }
        if let ours = Self.origin(of: publicBaseURL), claimed == ours { return true }
        // Behind a proxy, or on an address the configuration does not name: the host the browser
        // itself asked for (the scheme is the proxy's business).
        guard let host = request.headers["Host"]?.lowercasedASCII(), !host.isEmpty else { return false }
        return claimed.hasSuffix("://" + host)
    }

    /// `scheme://host[:port]`, lowercased, or nil for anything else (including `null`).
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
