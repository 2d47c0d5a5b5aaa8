import Testing
@testable import HTTPServer

@Suite struct HTTPCookiesTests {
    func cookies(_ fields: String...) throws -> HTTPCookies {
        var headers = HTTPHeaders()
        for field in fields { headers.add("Cookie", field) }
        return try HTTPRequest(method: .get, target: "/", headers: headers).cookies
    }

    @Test(arguments: [
        ("wxopen_session=abc", "abc"), ("a=1; wxopen_session=abc; b=2", "abc"), ("a=1;wxopen_session=abc", "abc"),
        ("wxopen_session=\"abc\"", "abc"), ("xwxopen_session=nope; wxopen_session=abc", "abc"), ("wxopen_session=", ""),
        (" wxopen_session = abc ", "abc"), ("wxopen_session=a=b", "a=b"),
    ])
    func value_IsFoundByExactName(header: String, expected: String) throws {
        #expect(try cookies(header)["wxopen_session"] == expected)
    }

    @Test func value_IsNilWhenAbsent() throws {
        #expect(try cookies("other=1; wxopen_sessionx=2; novalue")["wxopen_session"] == nil)
        #expect(try cookies()["wxopen_session"] == nil)
        #expect(try cookies("Wxopen_Session=abc")["wxopen_session"] == nil)
    }

    /// RFC 6265 §5.4: the browser lists the cookie with the longer path (ours) first.
    @Test func duplicateName_TheFirstWins_AcrossFieldsToo() throws {
        #expect(try cookies("s=ours; s=planted")["s"] == "ours")
        #expect(try cookies("s=ours", "s=planted")["s"] == "ours")
        #expect(try cookies("s=ours; s=planted").pairs.map(\.value) == ["ours", "planted"])
    }

    @Test func brokenPairs_AreSkipped_NotFatal() throws {
        let parsed = try cookies(";;=lonely; novalue; ok=1; =; \"\"")
        #expect(parsed.pairs.map(\.name) == ["ok"])
        #expect(parsed["ok"] == "1")
    }
}

@Suite struct SetCookieTests {
    @Test func headerValue_CarriesTheAttributes() {
        #expect(SetCookie(name: "s", value: "v", path: "/admin", secure: false).headerValue == "s=v; Path=/admin; HttpOnly; SameSite=Lax")
        #expect(SetCookie(name: "s", value: "v", path: "/admin", maxAge: 60, secure: true).headerValue
                == "s=v; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=60; Secure")
        #expect(SetCookie(name: "s", value: "v", path: "/", secure: false, httpOnly: false, sameSite: .strict).headerValue
                == "s=v; Path=/; SameSite=Strict")
    }

    @Test func expired_EmptiesTheValue_WithMaxAgeZero() {
        #expect(SetCookie.expired("s", path: "/admin", secure: false).headerValue == "s=; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=0")
    }

    /// Browsers ignore `SameSite=None` without `Secure`.
    @Test func sameSiteNone_IsAlwaysSecure() {
        #expect(SetCookie(name: "s", value: "v", path: "/", secure: false, sameSite: .none).headerValue.hasSuffix("; SameSite=None; Secure"))
    }

    @Test func responseSetCookie_AddsOneFieldPerCookie() {
        var response = HTTPResponse()
        response.setCookie(SetCookie(name: "a", value: "1", path: "/", secure: false))
        response.setCookie(.expired("b", path: "/", secure: false))
        #expect(response.headers.values("Set-Cookie") == ["a=1; Path=/; HttpOnly; SameSite=Lax", "b=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"])
    }
}
