import Testing
@testable import HTTPServer

@Suite struct RequestTargetTests {
    @Test func pathSegments_AreDecoded_AndQueryParsed() throws {
        let parts = try RequestTarget.parse("/a%20b/c?x=1&y=%E4%B8%AD&z=a+b&flag")
        #expect(parts.segments == ["a b", "c"])
        #expect(parts.path == "/a%20b/c")
        #expect(parts.rawPath == "/a%20b/c")
        #expect(parts.query["x"] == "1")
        #expect(parts.query["y"] == "中")
        #expect(parts.query["z"] == "a b")
        #expect(parts.query["flag"] == "")
    }

    @Test(arguments: ["/a%2", "/a%zz", "/?x=%4", "/?x=%G0", "/?%=1"])
    func malformedEscape_Is400(target: String) {
        do {
            _ = try RequestTarget.parse(target)
            Issue.record("accepted \(target)")
        } catch {
            #expect(error == HTTPError(.badRequest, "Malformed percent-encoding in the request."))
        }
    }

    @Test func invalidUTF8_AfterDecoding_Is400() {
        do {
            _ = try RequestTarget.parse("/%C3%28")
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.status == .badRequest)
        }
    }

    // MARK: Issue 11.7: split on `/` first, then decode each segment

    @Test func escapedSlash_IsDataInsideOneSegment_NeverASeparator() throws {
        let parts = try RequestTarget.parse("/admin%2fauthorizers")
        #expect(parts.segments == ["admin/authorizers"])
        #expect(parts.path == "/admin%2Fauthorizers")
        #expect(try RequestTarget.parse("/a%2Fb/c").segments == ["a/b", "c"])
    }

    @Test func escapedUnreservedCharacter_IsThatCharacter() throws {
        let parts = try RequestTarget.parse("/%61dmin/%7Euser-%2d%2E_")
        #expect(parts.segments == ["admin", "~user--._"])
        #expect(parts.path == "/admin/~user--._")
        #expect(parts.rawPath == "/%61dmin/%7Euser-%2d%2E_")
    }

    @Test func otherEscapes_StayEscaped_InUppercase_InTheNormalForm() throws {
        let parts = try RequestTarget.parse("/%e4%b8%ad/%3b%3a")
        #expect(parts.path == "/%E4%B8%AD/%3B%3A")
        #expect(parts.segments == ["中", ";:"])
    }

    @Test(arguments: ["/.", "/..", "/a/./b", "/a/../b", "/a/..", "/%2e", "/%2E%2e/admin", "/a/.%2E", "/a/%2e/b", "/./", "/admin/%2E%2E"])
    func dotSegment_RawOrEscaped_Is400(target: String) {
        do {
            let parts = try RequestTarget.parse(target)
            Issue.record("accepted \(target) as \(parts.segments)")
        } catch {
            #expect(error == HTTPError(.badRequest, "The path has a . or .. segment."))
        }
    }

    @Test(arguments: ["/..%2fadmin", "/.../x", "/.hidden", "/a..b", "/%2e%2e%2fadmin"])
    func segmentThatOnlyContainsDots_IsData(target: String) throws {
        #expect(try RequestTarget.parse(target).segments.allSatisfy { $0 != "." && $0 != ".." })
    }

    @Test func emptySegments_AreKept_NotMerged() throws {
        #expect(try RequestTarget.parse("/").segments == [])
        #expect(try RequestTarget.parse("//admin").segments == ["", "admin"])
        #expect(try RequestTarget.parse("/admin//authorizers").segments == ["admin", "", "authorizers"])
        #expect(try RequestTarget.parse("/admin/").segments == ["admin", ""])
    }

    @Test func pathWithoutEscapes_SharesOneStringForRawAndNormalForm() throws {
        let parts = try RequestTarget.parse("/api/v1/authorizers/wx8f3c2a1b5d6e7f90/access-token")
        #expect(parts.path == parts.rawPath)
        #expect(parts.segments == ["api", "v1", "authorizers", "wx8f3c2a1b5d6e7f90", "access-token"])
    }

    @Test func absoluteForm_KeepsPathAndQuery() throws {
        let parts = try RequestTarget.parse("http://example.com/x/y?z=1")
        #expect(parts.path == "/x/y")
        #expect(parts.segments == ["x", "y"])
        #expect(parts.query["z"] == "1")
    }

    @Test func authorityForm_IsRefused() {
        #expect(throws: HTTPError.self) { _ = try RequestTarget.parse("example.com:443") }
    }
}
