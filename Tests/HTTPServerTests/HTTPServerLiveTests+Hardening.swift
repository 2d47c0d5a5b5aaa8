import Foundation
import Testing
@testable import HTTPServer

/// Issue 11's HTTP findings, over real sockets on 127.0.0.1, port 0.
extension HTTPServerLiveTests {
    /// Issue 11.6. The header timeout is far beyond the client's read timeout (20 s), so an
    /// answer that waited for it fails the read.
    @Test func tlsClientHello_Gets400AndClose_WithoutWaitingForTheHeaderTimeout() async throws {
        let server = try TestServer(router: Self.router()) { $0.headerReadTimeout = .seconds(600) }
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
        let server = try TestServer(router: Self.router())
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

    /// Issue 11.8: the server sets `nosniff` once, on every answer: a route's, the router's own
    /// 404, a parse error's 400; a handler cannot turn it off or send it twice.
    @Test func everyResponse_HasNoSniff_Once() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        for request in ["GET /healthz", "GET /nope", "GET /sniff", "DELETE /healthz"] {
            try await client.send(request + " HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.headers.filter { $0.0.lowercased() == "x-content-type-options" }.map(\.1) == ["nosniff"], "\(request)")
        }
        try await client.send("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        let rejected = try await client.readResponse()
        #expect(rejected.status == 400)
        #expect(rejected.header("X-Content-Type-Options") == "nosniff")
        await server.stop()
    }
}
