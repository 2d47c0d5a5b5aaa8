import Foundation
import Testing
@testable import HTTPServer

/// A connection over a real socket (127.0.0.1, port 0): keep-alive, pipelining, bodies in and the
/// decisions to close.
@Suite struct ConnectionTests {
    @Test func keepAlive_ReusesTheConnection() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /peer HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try await client.readResponse()
        try await client.send("GET /peer HTTP/1.1\r\nHost: x\r\n\r\n")
        let second = try await client.readResponse()
        #expect(first.status == 200)
        #expect(first.text == second.text)
        #expect(first.header("Connection") == nil)
        #expect(first.header("Date") != nil)
        await server.stop()
    }

    @Test func pipelinedRequests_AreAnswered_InOrder() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send((1...5).map { "GET /path/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        var bodies: [String] = []
        for _ in 1...5 { bodies.append(try await client.readResponse().text) }
        #expect(bodies == ["1", "2", "3", "4", "5"])
        await server.stop()
    }

    @Test func chunkedUpload_IsEchoed() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "Wikipedia")
        #expect(response.header("Content-Length") == "9")
        await server.stop()
    }

    @Test func http10_ClosesByDefault_AndKeepsAliveWhenAsked() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let keep = try server.client()
        try await keep.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let kept = try await keep.readResponse()
        #expect(kept.header("Connection") == "keep-alive")
        try await keep.send("GET /healthz HTTP/1.0\r\n\r\n")
        let closing = try await keep.readResponse()
        #expect(closing.header("Connection") == "close")
        #expect(try await keep.isClosedByServer())
        await server.stop()
    }

    @Test func maxRequestsPerConnection_ClosesAfterTheLast() async throws {
        let server = try TestServer(router: TestRoutes.router()) { $0.maxRequestsPerConnection = 2 }
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().header("Connection") == nil)
        #expect(try await client.readResponse().header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }
}
