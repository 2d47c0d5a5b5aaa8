import Testing
@testable import HTTPServer

@Suite struct RequestTargetTests {
    @Test func path_IsPercentDecoded_AndQueryParsed() throws {
        let parts = try RequestTarget.parse("/a%20b/c?x=1&y=%E4%B8%AD&z=a+b&flag")
        #expect(parts.path == "/a b/c")
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

    @Test func absoluteForm_KeepsPathAndQuery() throws {
        let parts = try RequestTarget.parse("http://example.com/x/y?z=1")
        #expect(parts.path == "/x/y")
        #expect(parts.query["z"] == "1")
    }

    @Test func authorityForm_IsRefused() {
        #expect(throws: HTTPError.self) { _ = try RequestTarget.parse("example.com:443") }
    }
}
