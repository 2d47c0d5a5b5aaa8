import Testing
@testable import HTTPServer

/// Finding the head in the bytes so far: empty lines before it, line endings, and the size limits
/// enforced while scanning (RFC 9112 §2.2, §5).
@Suite struct RequestHeadParserTests {
    @Test func leadingEmptyLines_AreIgnored() {
        #expect(decodeRequests("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").count == 1)
    }

    @Test func requestLine_Over8KiB_Is414() {
        let error = decodeError("GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(error == .requestLineTooLong)
        #expect(error?.status.code == 414)
    }

    @Test func requestLine_Over8KiB_Is414_BeforeItEnds() {
        #expect(decodeError("GET /" + String(repeating: "a", count: 8300)) == .requestLineTooLong)
    }

    @Test func headerBlock_Over32KiB_Is431() {
        let big = (0..<40).map { "X-\($0): " + String(repeating: "v", count: 1000) + "\r\n" }.joined()
        let error = decodeError("GET / HTTP/1.1\r\nHost: x\r\n" + big + "\r\n")
        #expect(error == .headerBlockTooLarge)
        #expect(error?.status.code == 431)
    }

    @Test func headerCount_Over100_Is431() {
        let many = (0..<101).map { "X-\($0): v\r\n" }.joined()
        let error = decodeError("GET / HTTP/1.1\r\nHost: x\r\n" + many + "\r\n")
        #expect(error == .tooManyHeaderFields)
        #expect(error?.status.code == 431)
    }

    @Test func headerCount_Of100_IsAccepted() {
        let many = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(decodeRequests("GET / HTTP/1.1\r\nHost: x\r\n" + many + "\r\n").count == 1)
    }

    @Test func bareLF_InRequestLine_Is400() {
        #expect(decodeError("GET / HTTP/1.1\nHost: x\r\n\r\n") == .bareLineFeed)
    }

    @Test func bareLF_InHeaderSection_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\n\r\n") == .bareLineFeed)
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\n\n") == .bareLineFeed)
    }

    /// Past the method the scan jumps from line end to line end (memchr): for every size around
    /// the limits, in one piece or byte by byte, the verdict is the one a byte-by-byte scan gives.
    @Test func limits_GiveTheSameVerdict_WholeOrByteAtATime_AtEverySizeAroundThem() {
        var limits = HTTPParserLimits()
        limits.maxRequestLineBytes = 40
        limits.maxHeaderBytes = 60
        for length in 20...50 {
            let line = "GET /" + String(repeating: "a", count: length) + " HTTP/1.1\r\nHost: x\r\n\r\n"
            let expected: HTTPParseError? = length + 14 > 40 ? .requestLineTooLong : nil
            #expect(decodeError(line, limits: limits) == expected, "request line of \(length + 14)")
            #expect(decodeEvents(line, limits: limits, byteAtATime: true).last == decodeEvents(line, limits: limits).last)
        }
        for length in 30...60 {
            let head = "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + String(repeating: "v", count: length) + "\r\n\r\n"
            let whole = decodeEvents(head, limits: limits), single = decodeEvents(head, limits: limits, byteAtATime: true)
            #expect(whole.last == single.last, "field of \(length)")
            // Host (9) + X-A line (7 + length) + the final CRLF (2).
            let fits = 9 + 7 + length + 2 <= 60
            #expect((decodeError(head, limits: limits) == nil) == fits, "field of \(length)")
        }
    }
}
