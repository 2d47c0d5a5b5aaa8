import Foundation
import Testing
@testable import HTTPServer
import WXOpenTesting

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

    /// The line is built from bytes kept between requests (the logger's context, quoted once) and
    /// numbers written digit by digit: the fields must read exactly as `Logger.format` writes them.
    @Test func accessLog_Fields_ReadAsTheLoggerWritesThem() throws {
        var log = AccessLog(context: [("component", "platform"), ("site", "a b")])
        var request = Connection.InFlight(requestID: "0123456789abcdef", startedAt: 0, method: "GET", rawPath: "/x", route: "/x",
                                          keepAlive: true)
        request.status = 200
        request.bodyBytes = 1_234_567
        request.logFields = [("api_key", "billing"), ("note", "two words")]
        log.append(request: request, path: "/x y", aborted: false, duration: 0.0120005, remote: "127.0.0.1:5")
        request.status = 404
        request.bodyBytes = 0
        request.logFields = []
        log.append(request: request, path: "/", aborted: true, duration: 0, remote: "[::1]:6")
        let sink = MemoryLogSink()
        log.flush(to: sink)
        #expect(log.isEmpty)
        let lines = sink.lines
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.wholeMatch(of: /ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z .*/) != nil, "\(first)")
        #expect(first.hasSuffix(" level=info event=http_request component=platform site=\"a b\" request_id=0123456789abcdef method=GET"
            + " path=\"/x y\" status=200 bytes=1234567 duration_ms=12.001 remote=127.0.0.1:5 api_key=billing note=\"two words\""),
            "\(first)")
        #expect(lines.last?.hasSuffix(" event=http_aborted component=platform site=\"a b\" request_id=0123456789abcdef method=GET path=/"
            + " status=404 bytes=0 duration_ms=0.000 remote=[::1]:6") == true, "\(lines.last ?? "")")
    }
}
