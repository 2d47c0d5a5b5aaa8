import Foundation
import Testing
@testable import HTTPServer

/// The access log line, as a live server writes it.
@Suite struct AccessLogTests {
    @Test func accessLog_OmitsTheQuery() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /healthz?auth_code=secret123 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        await server.stop()
        #expect(server.logs.contains("path=/healthz "))
        #expect(!server.logs.contains("secret123"))
    }

    @Test func accessLog_LineStartsWithAnRFC3339UTCTimestamp() async throws {
        let server = try TestServer(router: TestRoutes.router())
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        await server.stop()
        let line = try #require(server.logs.lines.first { $0.contains("event=http_request") })
        let stamp = try #require(line.split(separator: " ").first)
        #expect(stamp.wholeMatch(of: /ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(line)")
        #expect(line.contains(/\sduration_ms=\d+\.\d{3}\s/))
    }
}
