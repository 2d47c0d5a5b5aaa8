import Testing
@testable import HTTPServer

/// One test per rule the head validator enforces (issue 2, RFC 9112 §3, §5, §6): request line,
/// versions, field syntax, Host, framing (smuggling) and connection semantics.
@Suite struct RequestHeadValidatorTests {
    @Test func simpleGet_IsParsed_WithOrderedHeaders() throws {
        let requests = decodeRequests("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-B: 2\r\nx-a: 1\r\n\r\n")
        let head = try #require(requests.first?.0)
        #expect(head.method == .get)
        #expect(head.target == "/a?b=1")
        #expect(head.version == .http1_1)
        #expect(head.headers.fields.map(\.name) == ["Host", "X-B", "x-a"])
        #expect(head.headers["X-A"] == "1")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
    }

    // MARK: Smuggling (RFC 9112 §6)

    @Test func contentLength_WithTransferEncoding_Is400() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(decodeError(text) == .contentLengthWithTransferEncoding)
    }

    @Test func duplicateContentLength_Is400_EvenWhenEqual() {
        #expect(decodeError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello") == .multipleContentLengths)
    }

    @Test(arguments: ["+5", "5,5", "-1", "0x5", "5 5", "99999999999999999999", "", "5a"])
    func malformedContentLength_Is400(value: String) {
        #expect(decodeError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\nhello") == .invalidContentLength)
    }

    @Test(arguments: ["gzip", "chunked, chunked", "gzip, chunked", "chunked;x=1", "identity", "xchunked", ""])
    func transferCoding_OtherThanChunked_Is400(value: String) {
        let error = decodeError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n")
        #expect(error == .unsupportedTransferCoding)
        #expect(error?.status.code == 400)
    }

    @Test func transferEncoding_SplitOverTwoFields_IsRefused() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(decodeError(text) == .unsupportedTransferCoding)
    }

    @Test func transferEncoding_InHTTP10_Is400() {
        #expect(decodeError("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == .transferEncodingInHTTP10)
    }

    @Test func bareCR_InFieldValue_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n") == .bareCarriageReturn)
    }

    @Test func obsoleteLineFolding_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n") == .obsoleteLineFolding)
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test func whitespaceBeforeColon_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 0\r\n\r\n") == .whitespaceBeforeColon)
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nX-A\t: 0\r\n\r\n") == .whitespaceBeforeColon)
    }

    @Test(arguments: ["\u{01}", "\u{00}", "\u{7F}", "\u{1B}"])
    func controlCharacter_InFieldValue_Is400(control: String) {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\(control)b\r\n\r\n") == .invalidFieldValue)
    }

    @Test func invalidFieldName_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nX(A): 1\r\n\r\n") == .invalidFieldName)
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n") == .invalidFieldName)
        #expect(decodeError("GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n") == .invalidFieldName)
    }

    @Test func http11_WithoutHost_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n") == .missingHost)
    }

    @Test func twoHostFields_Are400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == .multipleHosts)
        #expect(decodeError("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n") == .multipleHosts)
    }

    @Test func http10_WithoutHost_IsAccepted() {
        #expect(decodeRequests("GET / HTTP/1.0\r\n\r\n").count == 1)
    }

    @Test func malformedHost_Is400() {
        #expect(decodeError("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") == .invalidHost)
        #expect(decodeError("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n") == .invalidHost)
    }

    // MARK: Request line

    @Test func queryMethod_IsKnown_SoTheRouterAnswersIt() {
        // A fuzzer (and a client trying the draft's QUERY) gets 405 with Allow, not 501.
        #expect(decodeError("QUERY /items HTTP/1.1\r\nHost: x\r\n\r\n") == nil)
    }

    @Test func unknownMethod_Is501() {
        let error = decodeError("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(error == .unknownMethod)
        #expect(error?.status.code == 501)
    }

    @Test(arguments: ["GET  / HTTP/1.1", "GET / HTTP/1.1 ", "GET /", "GET"])
    func malformedRequestLine_Is400(line: String) {
        #expect(decodeError(line + "\r\nHost: x\r\n\r\n") == .invalidRequestLine)
    }

    @Test(arguments: ["GE(T / HTTP/1.1", " GET / HTTP/1.1", "GET\t/ HTTP/1.1", "G\u{00}ET / HTTP/1.1"])
    func methodThatIsNotAToken_Is400(line: String) {
        let error = decodeError(line + "\r\nHost: x\r\n\r\n")
        #expect(error == .invalidMethod)
        #expect(error?.status.code == 400)
    }

    /// Issue 11.6: a TLS ClientHello (0x16 0x03 …) on the plain port, or anything else whose
    /// first byte cannot be in a method, is refused on that byte: no line end is waited for.
    @Test(arguments: [[0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03], [0x16], [0x80, 0x47], [0x7B, 0x22]])
    func firstByteThatCannotStartAMethod_Is400_AtOnce(bytes: [UInt8]) {
        var decoder = HTTPRequestDecoder()
        var buffer = ByteBuffer()
        buffer.append(contentsOf: bytes)
        #expect(decoder.next(&buffer) == .error(.invalidMethod))
    }

    @Test func methodByteAfterTheFirst_ThatIsNotATChar_Is400_BeforeTheLineEnds() {
        #expect(decodeError("GE") == nil)
        #expect(decodeError("GE\u{16}") == .invalidMethod)
        #expect(decodeError("GET /\u{16}") == nil)
    }

    @Test func lowercaseMethod_IsAToken_SoItIs501NotRefusedEarly() {
        #expect(decodeError("get / HTTP/1.1\r\nHost: x\r\n\r\n") == .unknownMethod)
    }

    @Test func onlyEmptyLines_WaitForARequest() {
        var decoder = HTTPRequestDecoder()
        var buffer = ByteBuffer()
        buffer.append(contentsOf: Array("\r\n\r\n\r\n".utf8))
        #expect(decoder.next(&buffer) == .needMore)
        #expect(decoder.isBetweenRequests)
    }

    @Test func emptyLines_BeyondARequestLineWorth_Are400() {
        #expect(decodeError(String(repeating: "\r\n", count: 4097)) == .invalidRequestLine)
        #expect(decodeRequests(String(repeating: "\r\n", count: 100) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n").count == 1)
    }

    @Test func nonASCIITarget_Is400() {
        #expect(decodeError("GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n") == .invalidTarget)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/3.0", "HTTP/0.9"])
    func otherMajorVersions_Are505(version: String) {
        let error = decodeError("GET / \(version)\r\nHost: x\r\n\r\n")
        #expect(error == .unsupportedVersion)
        #expect(error?.status.code == 505)
    }

    @Test(arguments: ["HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/1.1.1", "HTTP/a.b"])
    func malformedVersion_Is400(version: String) {
        #expect(decodeError("GET / \(version)\r\nHost: x\r\n\r\n") == .invalidVersion)
    }

    @Test func higherMinorVersion_IsServedAs11() throws {
        let head = try #require(decodeRequests("GET / HTTP/1.2\r\nHost: x\r\n\r\n").first?.0)
        #expect(head.version == .http1_1)
    }

    // MARK: Connection semantics

    @Test func keepAlive_Follows_VersionAndConnectionHeader() throws {
        let http10 = try #require(decodeRequests("GET / HTTP/1.0\r\n\r\n").first?.0)
        let http10KeepAlive = try #require(decodeRequests("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").first?.0)
        let http11Close = try #require(decodeRequests("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").first?.0)
        #expect(!http10.keepAlive)
        #expect(http10KeepAlive.keepAlive)
        #expect(!http11Close.keepAlive)
    }

    @Test func expect100Continue_IsRecognised() throws {
        let events = decodeEvents("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        guard case .head(let head) = events.first else { Issue.record("no head"); return }
        #expect(head.expectsContinue)
    }

    @Test func unknownExpectation_Is417() {
        let error = decodeError("POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 3\r\n\r\nabc")
        #expect(error == .unsupportedExpectation)
        #expect(error?.status.code == 417)
    }

    /// The method is told known by a switch, not a set lookup, and the common ones come from the
    /// line bytes as their shared static values: both must agree with `HTTPMethod.known`.
    @Test func knownMethods_AreTheSet_AndCaseSensitive() {
        for method in HTTPMethod.known { #expect(method.isKnown, "\(method)") }
        #expect(!HTTPMethod("get").isKnown)
        #expect(!HTTPMethod("BREW").isKnown)
        for text in ["GET", "POST", "DELETE", "BREW"] {
            let bytes = Array(text.utf8)
            let method = bytes.withUnsafeBufferPointer { HTTPMethod(bytes: $0[...]) }
            #expect(method == HTTPMethod(text))
        }
        #expect(decodeError("get / HTTP/1.1\r\nHost: x\r\n\r\n") == .unknownMethod)
    }
}
