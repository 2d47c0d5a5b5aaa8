import Foundation
import Testing
@testable import HTTPServer

/// How a connection sends a handler's response, over a real socket: HEAD, streams, unsafe
/// header fields, the request id, nosniff.
@Suite struct ConnectionResponseTests {
    @Test func head_HasHeadersButNoBody() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try await client.readResponse(head: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "3")
        // The next response starts right after the head: no body bytes were sent for HEAD.
        let next = try await client.readResponse()
        #expect(next.text == "ok\n")
        await server.stop()
    }

    @Test func streamedResponse_IsChunked() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("Content-Length") == nil)
        #expect(response.text == "part1;part2;part3;")
        await server.stop()
    }

    @Test func responseHeaderWithCRLF_IsNotSent_And500Instead() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 500)
        #expect(response.header("Set-Cookie") == nil)
        #expect(response.header("X-Evil") == nil)
        await server.stop()
    }

    @Test func requestID_IsEchoed_WhenValid_AndGeneratedOtherwise() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n")
        #expect(try await client.readResponse().header("X-Request-Id") == "abc-123")
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: bad id\"\r\n\r\n")
        let generated = try await client.readResponse().header("X-Request-Id")
        #expect(generated?.count == 16)
        await server.stop()
        #expect(server.logs.contains("request_id=abc-123 method=GET path=/healthz status=200"))
    }

    /// Issue 11.8: the server sets `nosniff` once, on every answer: a route's, the router's own
    /// 404, a parse error's 400; a handler cannot turn it off or send it twice.
    @Test func everyResponse_HasNoSniff_Once() async throws {
        let server = try TestServer(router: TestRoutes.router())
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
