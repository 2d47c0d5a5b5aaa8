import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// Signing in and out: `GET/POST /admin/login`, `POST /admin/logout`.
struct ConsoleLogin: Sendable {
    let admin: Configuration.Admin
    let gate: ConsoleGate
    let sessions: ConsoleSessions
    let throttle: LoginThrottle
    let forms: LoginFormToken
    let verifier: PasswordVerifier
    let settings: ConsoleSettings
    let clock: any WallClock
    let logger: Logger

    func form(_ request: HTTPRequest) async -> HTTPResponse {
        let next = ConsoleGate.safeNext(request.query["next"]) ?? "/admin"
        if let id = request.cookies[ConsoleGate.sessionCookie], (try? await sessions.session(for: id)) != nil {
            return ConsoleResponse.redirect(to: next)
        }
        return render(request, next: next, status: .ok, error: nil)
    }

    func submit(_ request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await signIn(request)
        } catch {
            return gate.unavailable(request, error, logger: logger)
        }
    }

    /// Throws only when the store (throttle, sessions) cannot be reached.
    private func signIn(_ request: HTTPRequest) async throws -> HTTPResponse {
        let language = gate.language(request)
        guard gate.isSameOrigin(request) else { return ConsoleResponse.crossOriginRejected(language) }
        let fields: QueryParameters
        do { fields = try request.formParameters() } catch { return error.response }
        let username = fields["username"] ?? ""
        let next = ConsoleGate.safeNext(fields["next"]) ?? "/admin"
        let remote = request.remoteHost
        if let wait = try await throttle.retryAfter(for: remote) {
            logFailure(remote: remote, username: username, reason: "throttled")
            var response = render(request, next: next, status: .tooManyRequests,
                                  error: language.t("登录失败次数过多，请 \(Int(wait.rounded(.up))) 秒后再试。",
                                                    "Too many failed sign-ins. Try again in \(Int(wait.rounded(.up))) seconds."))
            response.headers["Retry-After"] = String(Int(wait.rounded(.up)))
            return response
        }
        guard let nonce = request.cookies[LoginFormToken.cookieName],
              forms.verify(fields["csrf"] ?? "", nonce: nonce, now: clock.now()) else {
            return render(request, next: next, status: .forbidden,
                          error: language.t("登录表单已过期，请重新输入。", "The sign-in form had expired; please sign in again."))
        }
        let password = fields["password"] ?? ""
        guard await verifier.verify(username: username, password: password, against: admin) else {
            try await throttle.recordFailure(for: remote)
            logFailure(remote: remote, username: username, reason: "wrong username or password")
            return render(request, next: next, status: .forbidden,
                          error: language.t("用户名或密码错误。", "Wrong username or password."))
        }
        try await throttle.reset(for: remote)
        // Always a new id: an id planted in the browser before login (session fixation) is never promoted.
        if let planted = request.cookies[ConsoleGate.sessionCookie] { try await sessions.destroy(planted) }
        let (id, _) = try await sessions.create(username: admin.username)
        logger.info("console_login", ["remote": remote, "username": admin.username])
        return ConsoleResponse.redirect(to: next, cookies: [
            SetCookie(name: ConsoleGate.sessionCookie, value: id, path: ConsoleGate.cookiePath, secure: gate.secureCookies(for: request)),
            .expired(LoginFormToken.cookieName, path: LoginFormToken.cookiePath, secure: gate.secureCookies(for: request)),
        ])
    }

    func logout(_ context: ConsoleContext) async throws -> HTTPResponse {
        try await sessions.destroy(context.sessionID)
        logger.info("console_logout", ["remote": context.request.remoteHost, "username": context.session.username])
        return ConsoleResponse.redirect(to: "/admin/login", cookies: [
            .expired(ConsoleGate.sessionCookie, path: ConsoleGate.cookiePath, secure: gate.secureCookies(for: context.request)),
        ])
    }

    /// The username only when it is the configured one: anything else may be a password typed
    /// into the wrong field, so of that only its length is logged.
    private func logFailure(remote: String, username: String, reason: String) {
        if Crypto.constantTimeEquals(username, admin.username) {
            logger.warning("console_login_failed", ["remote": remote, "username": admin.username, "reason": reason])
        } else {
            logger.warning("console_login_failed", ["remote": remote, "username_length": "\(username.count)", "reason": reason])
        }
    }

    /// The form, with a login CSRF token bound to the browser's nonce cookie (reused while it is
    /// valid, so two open login tabs both work).
    private func render(_ request: HTTPRequest, next: String, status: HTTPStatus, error: String?) -> HTTPResponse {
        let language = gate.language(request)
        var cookies: [SetCookie] = []
        var nonce = request.cookies[LoginFormToken.cookieName] ?? ""
        if !LoginFormToken.isNonce(nonce) {
            nonce = LoginFormToken.newNonce()
            cookies.append(SetCookie(name: LoginFormToken.cookieName, value: nonce, path: LoginFormToken.cookiePath,
                                     maxAge: Int(settings.loginFormLifetime), secure: gate.secureCookies(for: request)))
        }
        let token = forms.token(nonce: nonce, expires: clock.now() + settings.loginFormLifetime)
        let username = request.method == .post ? ((try? request.formParameters())?["username"] ?? "") : ""
        let message = error.map { "<p class=\"card error\" id=\"login-error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let title = language.t("登录运营控制台", "Sign in to the console")
        let body = HTMLFragment(raw: """
            <main class="narrow"><div class="card">
            <h1>\(HTML.escape(title))</h1>
            \(message)
            <form method="post" action="/admin/login" id="login-form" class="stacked">
            <input type="hidden" name="csrf" value="\(HTML.escape(token))">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label for="username">\(language.t("用户名", "Username"))</label>
            <input id="username" name="username" autocomplete="username" required value="\(HTML.escape(username))">
            <label for="password">\(language.t("密码", "Password"))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit" id="sign-in">\(language.t("登录", "Sign in"))</button>
            </form>
            </div></main>
            """)
        var response = Page(title: title, language: language.code, body: body).response(status: status)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
