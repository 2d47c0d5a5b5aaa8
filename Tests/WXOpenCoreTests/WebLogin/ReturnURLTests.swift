import Foundation
import Testing
@testable import WXOpenCore

/// The strict parsing of `return_to` and the prefix rule: what a browser could read differently
/// from us is refused.
@Suite struct ReturnURLTests {
    let policy = ReturnURLPolicy(prefixes: ["https://app.example.com/", "https://shop.example.com:8443/app/"])

    func refusal(_ text: String?) -> ReturnURLPolicy.Refusal? {
        do {
            _ = try policy.check(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parse_SplitsSchemeHostPortPathAndQuery_IgnoringTheFragment() throws {
        let url = try ReturnURL.parse("HTTPS://App.Example.com/a/b%20c?x=1&y=%E4%B8%AD#top")
        #expect(url == ReturnURL(scheme: "https", host: "app.example.com", port: 443, path: "/a/b%20c", query: "x=1&y=%E4%B8%AD"))
        #expect(try ReturnURL.parse("http://127.0.0.1:8080").path == "/")
        #expect(try ReturnURL.parse("http://127.0.0.1:8080").port == 8080)
        #expect(try ReturnURL.parse("http://[::1]:9000/x").host == "[::1]")
    }

    @Test(arguments: [
        ("javascript:alert(1)", ReturnURL.Problem.notHTTP),
        ("data:text/html,<b>x</b>", .forbiddenCharacter),
        ("//evil.example/", .notHTTP),
        ("ftp://app.example.com/", .notHTTP),
        ("https://app.example.com@evil.example/", .userInfo),
        ("https://user:pw@app.example.com/", .userInfo),
        ("https://app.example.com\\@evil.example/", .forbiddenCharacter),
        ("https:/\\evil.example/", .forbiddenCharacter),
        ("https://app.example.com/a b", .forbiddenCharacter),
        ("https://app.example.com/\t", .forbiddenCharacter),
        ("https://app.example.com/中文", .forbiddenCharacter),
        ("https://app.example.com:99999/", .badPort),
        ("https://app.example.com:/", .badPort),
        ("https:///path", .badHost),
        ("https://.example.com/", .badHost),
        ("https://app.example.com/a/../admin", .dotSegment),
        ("https://app.example.com/a/%2E%2e/admin", .dotSegment),
        ("https://app.example.com/" + String(repeating: "a", count: 2048), .tooLong),
    ])
    func parse_Refuses(text: String, problem: ReturnURL.Problem) {
        #expect(throws: problem) { try ReturnURL.parse(text) }
    }

    @Test func policy_AllowsOnlyListedSchemeHostPortAndPathPrefix() {
        #expect(refusal("https://app.example.com/") == nil)
        #expect(refusal("https://APP.EXAMPLE.COM/welcome?x=1#top") == nil)
        #expect(refusal("https://app.example.com:443/x") == nil)
        #expect(refusal("https://shop.example.com:8443/app/cart") == nil)
        #expect(refusal("http://app.example.com/") == .notListed)
        #expect(refusal("https://app.example.com:8443/") == .notListed)
        #expect(refusal("https://app.example.com.evil.example/") == .notListed)
        #expect(refusal("https://evil.example/https://app.example.com/") == .notListed)
        #expect(refusal("https://shop.example.com:8443/apps") == .notListed)
        #expect(refusal("https://shop.example.com:8443/") == .notListed)
        #expect(refusal("https://shop.example.com:8443/app/../admin") == .malformed(.dotSegment))
        #expect(refusal(nil) == .missing)
        #expect(refusal("") == .missing)
    }

    /// Issue 11.4: every spelling of a path that some browser, proxy or app server could read as
    /// other segments than ours, under a prefix with a path.
    @Test(arguments: [
        // An encoded separator next to dots: the app decodes it, then resolves "..".
        ("..%2fadmin", ReturnURL.Problem.encodedDelimiter), ("..%2Fadmin", .encodedDelimiter), ("%2e%2e%2fadmin", .encodedDelimiter),
        ("%2E%2E%2Fadmin", .encodedDelimiter), (".%2e%2fadmin", .encodedDelimiter), ("..%5cadmin", .encodedDelimiter),
        ("..%5Cadmin", .encodedDelimiter), ("%2e%2e%5cadmin", .encodedDelimiter), ("x%2f..%2f..%2fadmin", .encodedDelimiter),
        ("%2fadmin", .encodedDelimiter), ("a%5cb", .encodedDelimiter),
        // Encoded dot segments on their own.
        ("%2e%2e/admin", .dotSegment), ("%2E%2e/admin", .dotSegment), (".%2e/admin", .dotSegment), ("%2e./admin", .dotSegment),
        ("%2e/admin", .dotSegment), ("x/%2e%2e", .dotSegment),
        // Path parameters: Tomcat and friends read "..;" as "..".
        ("..;/admin", .pathParameter), ("%2e%2e;/admin", .pathParameter), ("x;jsessionid=1", .pathParameter),
        ("..%3b/admin", .encodedDelimiter), ("..%3B/admin", .encodedDelimiter),
        // Encoded twice or three times: a server that decodes twice sees the same attacks.
        ("%252e%252e%252fadmin", .encodedDelimiter), ("..%252fadmin", .encodedDelimiter), ("%252e%252e/admin", .dotSegment),
        ("..%255cadmin", .encodedDelimiter), ("%25252e%25252e%25252fadmin", .encodedDelimiter), ("..%253b/admin", .encodedDelimiter),
        ("%2525252e%2525252e/admin", .badEncoding),
        // Encoded query, fragment and control characters change what the rest of the URL is.
        ("x%3fy", .encodedDelimiter), ("x%23y", .encodedDelimiter), ("x%00", .encodedDelimiter), ("x%0d%0aSet-Cookie:%20a", .encodedDelimiter),
        ("x%252523", .encodedDelimiter),
        // Not decodable: an overlong "/" (C0 AF) and a broken escape.
        ("..%c0%afadmin", .badEncoding), ("x%zz", .badEncoding), ("x%2", .badEncoding),
    ])
    func policy_RefusesEveryPathWhoseDecodingChangesItsSegments(suffix: String, problem: ReturnURL.Problem) {
        #expect(refusal("https://shop.example.com:8443/app/" + suffix) == .malformed(problem), "\(suffix)")
    }

    @Test(arguments: [
        "cart", "a%20b", "%E4%B8%AD%E6%96%87", "..data", "a.b", "...", "x/", "100%25", "100%2525", "a%2Bb", "%7Euser",
        "x?next=%2F..%2Fadmin", "x?a=..;/b", "x#..%2f",
    ])
    func policy_AcceptsPathsThatDecodeToTheSameSegments(suffix: String) {
        #expect(refusal("https://shop.example.com:8443/app/" + suffix) == nil, "\(suffix)")
    }

    /// Prefixes are compared on the decoded path (RFC 3986 §6.2.2.2), both ways.
    @Test func policy_ComparesTheDecodedPaths() {
        #expect(refusal("https://shop.example.com:8443/%61pp/cart") == nil)
        #expect(refusal("https://shop.example.com:8443/ap%70/cart") == nil)
        #expect(refusal("https://shop.example.com:8443/%61pps") == .notListed)
        #expect(refusal("https://shop.example.com:8443/%2561pp/cart") == .notListed)
    }

    @Test func policy_RefusesAReturnURL_ThatAlreadyCarriesATicket() {
        #expect(refusal("https://app.example.com/?wxopen_ticket=chosen") == .carriesTicket)
        #expect(refusal("https://app.example.com/?a=1&wxopen%5Fticket=chosen") == .carriesTicket)
        #expect(refusal("https://app.example.com/?my_wxopen_ticket=1") == nil)
    }

    @Test(arguments: [
        ("https://app.example.com/welcome", "https://app.example.com/welcome?wxopen_ticket=T"),
        ("https://app.example.com/welcome?from=menu", "https://app.example.com/welcome?from=menu&wxopen_ticket=T"),
        ("https://app.example.com/welcome?from=menu#/orders?id=3", "https://app.example.com/welcome?from=menu&wxopen_ticket=T#/orders?id=3"),
        ("https://app.example.com/#top", "https://app.example.com/?wxopen_ticket=T#top"),
        ("https://app.example.com/?", "https://app.example.com/?wxopen_ticket=T"),
        ("https://app.example.com/?a=1&", "https://app.example.com/?a=1&wxopen_ticket=T"),
    ])
    func appending_KeepsTheQueryAndFragment(original: String, expected: String) {
        #expect(ReturnURL.appending("wxopen_ticket", "T", to: original) == expected)
    }

    @Test func prefix_WithoutAPath_MeansSlash_AndOneWithAQueryIsRefused() {
        #expect(ReturnURLPolicy.normalizedPrefix("https://app.example.com") == "https://app.example.com/")
        #expect(ReturnURLPolicy.normalizedPrefix("https://app.example.com/app/") == "https://app.example.com/app/")
        #expect(ReturnURLPolicy.prefixProblem("https://app.example.com/?a=1") == "must not have a query or fragment")
        #expect(ReturnURLPolicy.prefixProblem("https://app.example.com/") == nil)
    }
}
