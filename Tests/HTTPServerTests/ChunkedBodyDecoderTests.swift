import Testing
@testable import HTTPServer

/// The chunked transfer coding (RFC 9112 §7.1): sizes, extensions, trailers, the body limit.
@Suite struct ChunkedBodyDecoderTests {
    @Test func body_IsRead_ByChunkedCoding_WithExtensionsAndTrailers() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-Field: ok\r\n\r\n"
        #expect(decodeRequests(text).first?.1 == "hello world")
    }

    @Test func chunkedBody_OverRouteLimit_Is413() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"
        #expect(decodeError(text, bodyLimit: 10) == .contentTooLarge)
    }

    @Test(arguments: ["zz\r\nhello\r\n0\r\n\r\n", "\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n",
                      "fffffffffffffffff\r\n", "5 x\r\nhello\r\n0\r\n\r\n"])
    func malformedChunk_Is400(body: String) {
        #expect(decodeError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body) == .invalidChunk)
    }

    @Test func bareLF_InChunkSizeLine_Is400() {
        #expect(decodeError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n") == .bareLineFeed)
    }
}
