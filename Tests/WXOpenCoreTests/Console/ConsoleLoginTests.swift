import Foundation
import Testing
import WeChat
@testable import WXOpenCore
import WXOpenSupport

/// Issue 6, access: the console off, signing in and out, sessions, throttling, the login form's CSRF.
@Suite struct ConsoleLoginTests {
    typealias Harness = ConsoleHarness

    @Test(arguments: [("GET", "/admin"), ("GET", "/admin/authorizers"), ("GET", "/admin/login"), ("POST", "/admin/login"),
                      ("GET", "/admin/authorizers/wx8f3c2a1b5d6e7f90")])
    func consoleOff_AnswersEveryAdminPath_WithHowToTurnItOn(method: String, path: String) async throws {
        let harness = try await Harness.start(admin: false)
        let browser = ConsoleBrowser(router: harness.router)
        let reply = method == "GET" ? try await browser.get(path) : try await browser.post(path, form: [("username", "x")])
        #expect(reply.status == 503)
        #expect(reply.text.contains("id=\"console-off\""))
        #expect(reply.text.contains("wxopen hash-password"))
        #expect(reply.text.contains("\"admin\": {\"username\": \"admin\", \"passwordHash\": \"pbkdf2-sha256$…\"}"))
        #expect(reply.text.contains("WXOPEN_ADMIN_PASSWORD_HASH"))
        #expect(reply.headers["Cache-Control"] == "no-store")
        await harness.stop()
    }

    @Test func anonymousPage_RedirectsToLogin_RememberingThePage() async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        let reply = try await browser.get("/admin/authorizers?status=revoked")
        #expect(reply.status == 303)
        #expect(reply.location == "/admin/login?next=%2Fadmin%2Fauthorizers%3Fstatus%3Drevoked")
        let form = try await browser.get(try #require(reply.location))
        #expect(form.status == 200)
        #expect(form.field("next") == "/admin/authorizers?status=revoked")
        let signedIn = try await browser.signIn(next: form.field("next"))
        #expect(signedIn.location == "/admin/authorizers?status=revoked")
        await harness.stop()
    }

    @Test func next_OutsideTheConsole_GoesToTheDashboard() async throws {
        let harness = try await Harness.start()
        let reply = try await ConsoleBrowser(router: harness.router).signIn(next: "//evil.example/admin")
        #expect(reply.status == 303)
        #expect(reply.location == "/admin")
        await harness.stop()
    }

    @Test func rightPassword_GivesAFreshHttpOnlySessionCookie_NeverThePlantedOne() async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        let planted = Base64URL.encode(Crypto.randomBytes(32))
        browser.setCookie(ConsoleGate.sessionCookie, planted)
        let reply = try await browser.signIn()
        #expect(reply.status == 303)
        #expect(reply.location == "/admin")
        let cookie = try #require(reply.setCookies.first { $0.hasPrefix("wxopen_session=") })
        let id = String(cookie.dropFirst("wxopen_session=".count).prefix { $0 != ";" })
        #expect(id.count == 43 && Base64URL.decode(id)?.count == 32)
        #expect(id != planted)
        #expect(cookie == "wxopen_session=\(id); Path=/admin; HttpOnly; SameSite=Lax")
        #expect(reply.setCookies.contains("wxopen_login=; Path=/admin/login; HttpOnly; SameSite=Lax; Max-Age=0"))
        #expect(try await browser.get("/admin").status == 200)
        #expect(harness.logs.contains("event=console_login remote=127.0.0.1 username=operator"))
        #expect(!harness.logs.contains(Harness.password))
        #expect(!harness.logs.contains(id))
        await harness.stop()
    }

    @Test func httpsConsole_MarksItsCookiesSecure() async throws {
        let harness = try await Harness.start(configure: { $0.server.publicBaseURL = "https://console.example" })
        let browser = ConsoleBrowser(router: harness.router)
        browser.origin = "https://console.example"
        let form = try await browser.get("/admin/login")
        #expect(form.setCookies.count == 1)
        #expect(form.setCookies[0].hasSuffix("; Path=/admin/login; HttpOnly; SameSite=Lax; Max-Age=3600; Secure"))
        let reply = try await browser.signIn()
        let cookie = try #require(reply.setCookies.first { $0.hasPrefix("wxopen_session=") })
        #expect(cookie.hasSuffix("; Path=/admin; HttpOnly; SameSite=Lax; Secure"))
        await harness.stop()
    }

    @Test(arguments: [(Harness.username, "wrong password"), ("admin", Harness.password), ("", "")])
    func wrongCredentials_Are403_AndLoggedWithoutThePassword(username: String, password: String) async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        let reply = try await browser.signIn(username: username, password: password)
        #expect(reply.status == 403)
        #expect(reply.text.contains("用户名或密码错误。"))
        #expect(!reply.setCookies.contains { $0.hasPrefix("wxopen_session=") })
        // Only the configured username is logged; of anything else, its length (issue 11.3).
        let logged = username == Harness.username ? "username=\(username)" : "username_length=\(username.count)"
        #expect(harness.logs.contains("event=console_login_failed remote=127.0.0.1 \(logged) reason=\"wrong username or password\""))
        #expect(password.isEmpty || !harness.logs.contains(password))
        #expect(try await browser.get("/admin").status == 303)
        await harness.stop()
    }

    /// Operators do type their password into the username field; it must not reach the log.
    @Test func passwordTypedIntoTheUsernameField_IsNotLogged_OnlyItsLength() async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        let reply = try await browser.signIn(username: Harness.password, password: "")
        #expect(reply.status == 403)
        #expect(harness.logs.contains("event=console_login_failed remote=127.0.0.1 username_length=\(Harness.password.count) reason="))
        #expect(!harness.logs.contains(Harness.password))
        #expect(!harness.logs.contains(String(Harness.password.prefix(6))))
        // Throttled attempts log the same way.
        for _ in 1...5 { _ = try await browser.signIn(username: Harness.password, password: "x") }
        #expect(harness.logs.contains("username_length=\(Harness.password.count) reason=throttled"))
        #expect(!harness.logs.contains(Harness.password))
        await harness.stop()
    }

    @Test func sixthFailureInAMinute_Is429_EvenWithTheRightPassword_UntilTheWindowPasses() async throws {
        let harness = try await Harness.start()
        let attacker = ConsoleBrowser(router: harness.router)
        attacker.remoteAddress = "203.0.113.9:5555"
        for _ in 1...5 { #expect(try await attacker.signIn(password: "guess").status == 403) }
        let throttled = try await attacker.signIn()
        #expect(throttled.status == 429)
        #expect(throttled.headers["Retry-After"] == "60")
        #expect(throttled.text.contains("登录失败次数过多"))
        #expect(harness.logs.contains("event=console_login_failed remote=203.0.113.9 username=operator reason=throttled"))
        // Another address is not affected.
        #expect(try await ConsoleBrowser(router: harness.router).signIn().status == 303)
        harness.clock.advance(by: 30)
        #expect(try await attacker.signIn().status == 429)
        harness.clock.advance(by: 31)
        #expect(try await attacker.signIn().status == 303)
        await harness.stop()
    }

    @Test func loginForm_WithoutAValidToken_IsRefused() async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        let form = try await browser.get("/admin/login")
        let token = try #require(form.field("csrf"))
        let credentials = [("username", Harness.username), ("password", Harness.password)]
        #expect(try await browser.post("/admin/login", form: credentials).status == 403)
        #expect(try await browser.post("/admin/login", form: credentials + [("csrf", "1.AAAA")]).status == 403)
        // The token belongs to the browser's nonce cookie: another browser cannot use it.
        let other = ConsoleBrowser(router: harness.router)
        _ = try await other.get("/admin/login")
        let stolen = try await other.post("/admin/login", form: credentials + [("csrf", token)])
        #expect(stolen.status == 403)
        #expect(stolen.text.contains("登录表单已过期"))
        // And it expires.
        harness.clock.advance(by: 3601)
        #expect(try await browser.post("/admin/login", form: credentials + [("csrf", token)]).status == 403)
        #expect(try await browser.signIn().status == 303)
        await harness.stop()
    }

    @Test func loginFromAnotherSite_IsRefused() async throws {
        let harness = try await Harness.start()
        let browser = ConsoleBrowser(router: harness.router)
        browser.origin = "https://evil.example"
        let reply = try await browser.signIn()
        #expect(reply.status == 403)
        #expect(!reply.setCookies.contains { $0.hasPrefix("wxopen_session=") })
        await harness.stop()
    }

    @Test func logout_DestroysTheSessionServerSide_AndExpiresTheCookie() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let id = try #require(browser.cookies[ConsoleGate.sessionCookie])
        let reply = try await browser.post("/admin/logout", form: [("csrf", try await browser.csrfToken())])
        #expect(reply.status == 303)
        #expect(reply.location == "/admin/login")
        #expect(reply.setCookies == ["wxopen_session=; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=0"])
        // The old cookie, replayed, is worth nothing.
        browser.setCookie(ConsoleGate.sessionCookie, id)
        #expect(try await browser.get("/admin").status == 303)
        #expect(harness.routes.sessions.count == 0)
        await harness.stop()
    }

    @Test func logout_WithoutTheCSRFToken_IsRefused_AndKeepsTheSession() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let reply = try await browser.post("/admin/logout", form: [("csrf", "forged")])
        #expect(reply.status == 403)
        #expect(reply.text.contains("表单已失效"))
        #expect(try await browser.get("/admin").status == 200)
        await harness.stop()
    }

    @Test func session_EndsAfterEightIdleHours_AndEachRequestExtendsIt() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        harness.clock.advance(by: 8 * 3600 - 1)
        #expect(try await browser.get("/admin").status == 200)
        harness.clock.advance(by: 8 * 3600 - 1)
        #expect(try await browser.get("/admin/events").status == 200)
        harness.clock.advance(by: 8 * 3600)
        let expired = try await browser.get("/admin/events")
        #expect(expired.status == 303)
        #expect(expired.location == "/admin/login?next=%2Fadmin%2Fevents")
        await harness.stop()
    }

    @Test func loginPage_WhenSignedIn_GoesToTheConsole() async throws {
        let harness = try await Harness.start()
        let browser = try await harness.signedInBrowser()
        let reply = try await browser.get("/admin/login?next=%2Fadmin%2Fsync")
        #expect(reply.status == 303)
        #expect(reply.location == "/admin/sync")
        await harness.stop()
    }
}
