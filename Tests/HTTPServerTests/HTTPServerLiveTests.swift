import Foundation
import Testing
@testable import HTTPServer

/// The server as a whole over real sockets on 127.0.0.1, port 0: shutdown and the connection cap.
@Suite struct HTTPServerLiveTests {
    @Test func gracefulShutdown_FinishesTheInFlightRequest() async throws {
        let gate = Gate(), started = Gate()
        let server = try TestServer(router: TestRoutes.router(gate: gate, started: started))
        let client = try server.client()
        try await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        await started.wait()
        // The grace period is long: this test is about finishing, not about the grace running out.
        let shutdown = Task { await server.stop(gracePeriod: .seconds(300)) }
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

    @Test func connectionCap_ShedsTheSlowestHeadForANewcomer() async throws {
        let server = try TestServer(router: TestRoutes.router()) {
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
