import Foundation
import Testing
@testable import HTTPServer

/// What a connection answers before or instead of a handler, over a real socket: 413 before the
/// body, 100-continue, the router's 404/405 and OPTIONS *, framing errors, other versions, a TLS
/// hello on the plain port, paths split into segments before decoding (issue 11.6, 11.7).
@Suite struct ConnectionRequestTests {
    @Test func oversizedBody_Gets413_BeforeTheBodyIsSent() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        // Only the head is sent: a 413 that arrives proves the server did not wait for the body.
        try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func expect100Continue_GetsContinue_ThenTheResponse() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        let interim = try await client.readResponse()
        #expect(interim.status == 100)
        try await client.send("hi")
        let response = try await client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hi")
        await server.stop()
    }

    @Test func unknownPath_Is404_AndWrongMethod405_OnTheWire() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\nDELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 404)
        let notAllowed = try await client.readResponse()
        #expect(notAllowed.status == 405)
        #expect(notAllowed.header("Allow") == "GET, HEAD")
        await server.stop()
    }

    @Test func framingError_Gets400_AndTheConnectionCloses() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func otherVersion_Gets505() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 505)
        await server.stop()
    }

    @Test func optionsAsterisk_Is204_WithEveryMethod_AndOtherMethodsMayNotUseIt() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        let options = try await client.readResponse()
        #expect(options.status == 204)
        #expect(options.header("Allow") == "GET, HEAD, POST, OPTIONS")
        #expect(options.header("Content-Length") == nil)
        try await client.send("GET * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 400)
        await server.stop()
    }

    /// Issue 11.6. The header timeout is far beyond the client's read timeout (20 s), so an
    /// answer that waited for it fails the read.
    @Test func tlsClientHello_Gets400AndClose_WithoutWaitingForTheHeaderTimeout() async throws {
        let server = try TestServer(router: TestRoutes.router()) { $0.headerReadTimeout = .seconds(600) }
        let client = try server.client()
        try await client.send([0x16, 0x03, 0x01, 0x00, 0xF4, 0x01, 0x00, 0x00, 0xF0, 0x03, 0x03] + [UInt8](repeating: 0xAB, count: 32))
        let response = try await client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        #expect(server.logs.contains("event=http_rejected"))
        await server.stop()
    }

    /// Issue 11.7 on the wire: `%2F` is data in one segment, dot segments are 400, `//` is no route.
    @Test func pathSegments_AreSplitBeforeDecoding_OnTheWire() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /path/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().text == "a/b")
        try await client.send("GET /%68ealthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().text == "ok\n")
        try await client.send("GET //healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 404)
        try await client.send("GET /path/%2E%2e/healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 400)
        await server.stop()
    }
}
