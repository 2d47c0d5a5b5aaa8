import Testing
@testable import HTTPServer

/// Heads and bodies in sequence: Content-Length bodies, pipelining, bytes arriving one at a time,
/// and a declared body over the route's limit refused before it is read.
@Suite struct HTTPRequestDecoderTests {
    @Test func body_IsRead_ByContentLength() {
        let requests = decodeRequests("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET")
        #expect(requests.count == 1)
        #expect(requests.first?.1 == "hello")
    }

    @Test func requests_AreDecoded_OneByteAtATime() {
        let text = "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "GET /q HTTP/1.1\r\nHost: x\r\n\r\n"
        let requests = decodeRequests(text, byteAtATime: true)
        #expect(requests.map(\.0.target) == ["/p", "/q"])
        #expect(requests.first?.1 == "abc")
    }

    @Test func pipelinedRequests_AreDecoded_InOrder() {
        let text = (1...3).map { "GET /\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
        #expect(decodeRequests(text).map(\.0.target) == ["/1", "/2", "/3"])
    }

    @Test func declaredBody_OverRouteLimit_Is413_BeforeBodyIsRead() {
        let events = decodeEvents("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", bodyLimit: 10)
        #expect(events.last == .error(.contentTooLarge))
        #expect(HTTPParseError.contentTooLarge.status.code == 413)
    }
}
