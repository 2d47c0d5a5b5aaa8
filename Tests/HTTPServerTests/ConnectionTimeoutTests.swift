import Foundation
import Testing
@testable import HTTPServer

/// A connection's timeouts over a real socket: the head, the idle wait, the handler.
@Suite struct ConnectionTimeoutTests {
    @Test func headerStall_Gets408_AfterTheHeaderTimeout() async throws {
        let server = try TestServer(router: TestRoutes.router()) { $0.headerReadTimeout = .milliseconds(200) }
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func idleConnection_IsClosed_AfterTheIdleTimeout() async throws {
        let server = try TestServer(router: TestRoutes.router()) { $0.idleTimeout = .milliseconds(100) }
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func slowHandler_Gets503_AfterTheHandlerTimeout() async throws {
        let server = try TestServer(router: TestRoutes.router()) { $0.handlerTimeout = .milliseconds(100) }
        let client = try server.client()
        try await client.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 503)
        #expect(response.header("Connection") == "close")
        await server.stop()
    }
}
