import HTTPServer
import WeChat
import WXOpenSupport

/// In front of console pages (and the page script's JSON): a live session. Anyone else goes to
/// the login page, or gets a 401 where a script asked.
struct ConsoleSessionGuard: RouteGuard {
    enum SignedOut: Sendable {
        /// A page: the login form, remembering the page asked for.
        case redirectToLogin
        /// The console's own script: a redirect would hand it the login page's HTML.
        case unauthorizedJSON
    }

    let gate: ConsoleGate
    let signedOut: SignedOut
    let logger: Logger

    func check(_ request: HTTPRequest) async -> GuardVerdict<ConsoleContext> {
        let context: ConsoleContext?
        do { context = try await gate.context(for: request) } catch { return .refuse(gate.unavailable(request, error, logger: logger)) }
        if let context { return .pass(context) }
        switch signedOut {
        case .redirectToLogin: return .refuse(gate.redirectToLogin(request))
        case .unauthorizedJSON: return .refuse(ConsoleResponse.json(["error": "not signed in"], status: .unauthorized))
        }
    }

    func response(for error: any Error, to request: HTTPRequest, context: ConsoleContext) -> HTTPResponse? {
        signedOut == .redirectToLogin ? Self.failed(error, context: context, logger: logger) : nil
    }

    /// A page or an action threw: logged with the request id the page names.
    static func failed(_ error: any Error, context: ConsoleContext, logger: Logger) -> HTTPResponse {
        let request = context.request
        logger.error("console_page_failed", ["request_id": request.requestID, "path": request.path, "error": "\(error)"])
        return ConsoleResponse.failed(context.language, requestID: request.requestID)
    }
}

/// In front of every state-changing console POST: a live session, a request from our own pages
/// (`Origin`/`Referer`), and the session's CSRF token in the form.
struct ConsoleActionGuard: RouteGuard {
    let gate: ConsoleGate
    let logger: Logger

    func check(_ request: HTTPRequest) async -> GuardVerdict<ConsoleContext> {
        let found: ConsoleContext?
        do { found = try await gate.context(for: request) } catch { return .refuse(gate.unavailable(request, error, logger: logger)) }
        guard let context = found else { return .refuse(gate.redirectToLogin(request)) }
        guard gate.isSameOrigin(request) else {
            logger.warning("console_cross_origin_post", ["path": request.path, "remote": request.remoteHost,
                                                         "origin": request.headers["Origin"] ?? request.headers["Referer"] ?? "-"])
            return .refuse(ConsoleResponse.crossOriginRejected(context.language))
        }
        let token = (try? request.formParameters())?["csrf"] ?? ""
        guard Crypto.constantTimeEquals(token, context.session.csrfToken) else {
            logger.warning("console_csrf_rejected", ["path": request.path, "remote": request.remoteHost])
            return .refuse(ConsoleResponse.csrfRejected(context.language))
        }
        return .pass(context)
    }

    func response(for error: any Error, to request: HTTPRequest, context: ConsoleContext) -> HTTPResponse? {
        ConsoleSessionGuard.failed(error, context: context, logger: logger)
    }
}
