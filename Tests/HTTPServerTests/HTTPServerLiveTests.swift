import Foundation
import Testing
@testable import HTTPServer

/// Over real sockets on 127.0.0.1, port 0.
@Suite struct HTTPServerLiveTests {
    static func router(gate: Gate? = nil, started: Gate? = nil) -> Router {
        var router = Router()
        router.get("/healthz") { _ in .text("ok\n") }
        router.get("/peer") { request in .text(request.remoteAddress) }
        router.get("/path/:n") { request in .text(request.pathParameters["n"] ?? "") }
        router.post("/echo", bodyLimit: 1024) { request in HTTPResponse(body: request.body) }
        router.get("/slow") { _ in
            started?.open()
            await gate?.wait()
            return .text("done")
        }
        router.get("/stream") { _ in
            .stream { writer in
                for index in 1...3 { try await writer.write("part\(index);") }
            }
        }
        router.get("/sniff") { _ in HTTPResponse(status: .ok, headers: ["X-Content-Type-Options": "sniff"], body: .empty) }
        router.get("/inject") { _ in HTTPResponse(status: .ok, headers: ["X-Evil": "a\r\nSet-Cookie: x=1"], body: .empty) }
        router.get("/sleep") { _ in
            try await Task.sleep(for: .seconds(30))
            return .text("late")
        }
        return router
    }

    @Test func keepAlive_ReusesTheConnection() async throws {
        let server = try TestServer(router: Self.router())
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
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send((1...5).map { "GET /path/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        var bodies: [String] = []
        for _ in 1...5 { bodies.append(try await client.readResponse().text) }
        #expect(bodies == ["1", "2", "3", "4", "5"])
        await server.stop()
    }

    @Test func chunkedUpload_IsEchoed() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "Wikipedia")
        #expect(response.header("Content-Length") == "9")
        await server.stop()
    }

    @Test func oversizedBody_Gets413_BeforeTheBodyIsSent() async throws {
        let server = try TestServer(router: Self.router())
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
        let server = try TestServer(router: Self.router())
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

    @Test func headerStall_Gets408_AfterTheHeaderTimeout() async throws {
        let server = try TestServer(router: Self.router()) { $0.headerReadTimeout = .milliseconds(200) }
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func idleConnection_IsClosed_AfterTheIdleTimeout() async throws {
        let server = try TestServer(router: Self.router()) { $0.idleTimeout = .milliseconds(100) }
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func slowHandler_Gets503_AfterTheHandlerTimeout() async throws {
        let server = try TestServer(router: Self.router()) { $0.handlerTimeout = .milliseconds(100) }
        let client = try server.client()
        try await client.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 503)
        #expect(response.header("Connection") == "close")
        await server.stop()
    }

    @Test func gracefulShutdown_FinishesTheInFlightRequest() async throws {
        let gate = Gate(), started = Gate()
        let server = try TestServer(router: Self.router(gate: gate, started: started))
        let client = try server.client()
        try await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        await started.wait()
        let shutdown = Task { await server.stop() }
        // New connections are refused once draining has begun.
        while server.server.connectionCount > 1 || (try? RawHTTPClient(port: server.port, timeout: 1)) != nil {
            try await Task.sleep(for: .milliseconds(5))
        }
        gate.open()
        let response = try await client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "done")
        #expect(response.header("Connection") == "close")
        await shutdown.value
        #expect(server.server.connectionCount == 0)
    }

    @Test func head_HasHeadersButNoBody() async throws {
        let server = try TestServer(router: Self.router())
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

    @Test func unknownPath_Is404_AndWrongMethod405_OnTheWire() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\nDELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 404)
        let notAllowed = try await client.readResponse()
        #expect(notAllowed.status == 405)
        #expect(notAllowed.header("Allow") == "GET, HEAD")
        await server.stop()
    }

    @Test func framingError_Gets400_AndTheConnectionCloses() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func otherVersion_Gets505() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().status == 505)
        await server.stop()
    }

    @Test func http10_ClosesByDefault_AndKeepsAliveWhenAsked() async throws {
        let server = try TestServer(router: Self.router())
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

    @Test func streamedResponse_IsChunked() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("Content-Length") == nil)
        #expect(response.text == "part1;part2;part3;")
        await server.stop()
    }

    @Test func responseHeaderWithCRLF_IsNotSent_And500Instead() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 500)
        #expect(response.header("Set-Cookie") == nil)
        #expect(response.header("X-Evil") == nil)
        await server.stop()
    }

    @Test func maxRequestsPerConnection_ClosesAfterTheLast() async throws {
        let server = try TestServer(router: Self.router()) { $0.maxRequestsPerConnection = 2 }
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.readResponse().header("Connection") == nil)
        #expect(try await client.readResponse().header("Connection") == "close")
        #expect(try await client.isClosedByServer())
        await server.stop()
    }

    @Test func requestID_IsEchoed_WhenValid_AndGeneratedOtherwise() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n")
        #expect(try await client.readResponse().header("X-Request-Id") == "abc-123")
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: bad id\"\r\n\r\n")
        let generated = try await client.readResponse().header("X-Request-Id")
        #expect(generated?.count == 16)
        await server.stop()
        #expect(server.logs.contains("request_id=abc-123 method=GET path=/healthz status=200"))
    }

    @Test func accessLog_OmitsTheQuery() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /healthz?auth_code=secret123 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        await server.stop()
        #expect(server.logs.contains("path=/healthz "))
        #expect(!server.logs.contains("secret123"))
    }

    @Test func optionsAsterisk_Is204_WithEveryMethod_AndOtherMethodsMayNotUseIt() async throws {
        let server = try TestServer(router: Self.router())
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

    @Test func accessLog_LineStartsWithAnRFC3339UTCTimestamp() async throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        await server.stop()
        let line = try #require(server.logs.lines.first { $0.contains("event=http_request") })
        let stamp = try #require(line.split(separator: " ").first)
        #expect(stamp.wholeMatch(of: /ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(line)")
        #expect(line.contains(/\sduration_ms=\d+\.\d{3}\s/))
    }

    @Test func connectionCap_ShedsTheSlowestHeadForANewcomer() async throws {
        let server = try TestServer(router: Self.router()) {
            $0.maxConnections = 16
            $0.eventLoops = 1
            // Shed, not timed out: a loaded machine may take seconds to open the 17 connections.
            $0.headerReadTimeout = .seconds(600)
        }
        var slow: [RawHTTPClient] = []
        for index in 0..<16 {
            let client = try server.client()
            try await client.send("GET /healthz HTTP/1.1\r\n")
            slow.append(client)
            // Accepted before the next one connects: on a busy machine the kernel may queue two
            // handshakes out of order, and the test needs slow[0] to be the oldest.
            while server.server.connectionCount <= index { try await Task.sleep(for: .milliseconds(5)) }
        }
        let fresh = try server.client()
        try await fresh.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await fresh.readResponse().text == "ok\n")
        #expect(try await slow[0].isClosedByServer())
        await server.stop()
    }
}
