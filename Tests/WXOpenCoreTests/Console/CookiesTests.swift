import Testing
@testable import WXOpenCore

@Suite struct CookiesTests {
    @Test(arguments: [
        ("wxopen_session=abc", "abc"), ("a=1; wxopen_session=abc; b=2", "abc"), ("a=1;wxopen_session=abc", "abc"),
        ("wxopen_session=\"abc\"", "abc"), ("xwxopen_session=nope; wxopen_session=abc", "abc"), ("wxopen_session=", ""),
    ])
    func value_IsFoundByExactName(header: String, expected: String) {
        #expect(Cookies.value("wxopen_session", in: ["Cookie": header]) == expected)
    }

    @Test func value_IsNilWhenAbsent() {
        #expect(Cookies.value("wxopen_session", in: ["Cookie": "other=1; wxopen_sessionx=2; novalue"]) == nil)
        #expect(Cookies.value("wxopen_session", in: [:]) == nil)
    }

    @Test func setCookie_CarriesTheAttributes() {
        #expect(Cookies.setCookie("s", "v", path: "/admin", secure: false) == "s=v; Path=/admin; HttpOnly; SameSite=Lax")
        #expect(Cookies.setCookie("s", "v", path: "/admin", secure: true, maxAge: 60) == "s=v; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=60; Secure")
        #expect(Cookies.expire("s", path: "/admin", secure: false) == "s=; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}
