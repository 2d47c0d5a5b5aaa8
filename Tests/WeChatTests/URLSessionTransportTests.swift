import Foundation
import Glibc
import Testing
@testable import WeChat

/// Live tests over real sockets on 127.0.0.1 against `CannedHTTPServer`.
@Suite struct URLSessionTransportTests {
    func request(_ server: CannedHTTPServer, _ path: String, method: String = "GET", body: Data? = nil,
                 timeout: TimeInterval = 20) -> WeChatHTTPRequest {
        WeChatHTTPRequest(method: method, url: URL(string: "\(server.baseURL.absoluteString)\(path)")!,
                          headers: body == nil ? [:] : ["Content-Type": "application/json; charset=utf-8"], body: body, timeout: timeout)
    }

    @Test func success_RoundTrips_MethodPathHeadersAndBody() async throws {
        let server = try CannedHTTPServer { _ in .json(#"{"errcode":0,"errmsg":"ok"}"#) }
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(request(server, "/cgi-bin/component/api_query_auth?component_access_token=T%2B1",
                                                        method: "POST", body: Data(#"{"a":1}"#.utf8)))

        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"errcode":0,"errmsg":"ok"}"#)
        let received = try #require(server.received.first)
        #expect(received.requestLine == "POST /cgi-bin/component/api_query_auth?component_access_token=T%2B1 HTTP/1.1")
        #expect(received.headers["content-type"] == "application/json; charset=utf-8")
        #expect(received.headers["cookie"] == nil)
        #expect(String(decoding: received.body, as: UTF8.self) == #"{"a":1}"#)
    }

    @Test func redirect302_IsNotFollowed() async throws {
        let server = try CannedHTTPServer { received in
            received.requestLine.hasPrefix("GET /start ")
                ? .http(302, "Found", headers: [("Location", "/elsewhere")])
                : .json(#"{"errcode":0}"#)
        }
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(request(server, "/start"))

        #expect(response.status == 302)
        #expect(response.headers["location"] == "/elsewhere")
        #expect(server.received.map(\.requestLine) == ["GET /start HTTP/1.1"])
    }

    @Test func redirect302_ThroughClient_IsUnexpectedStatus() async throws {
        let server = try CannedHTTPServer { _ in .http(302, "Found", headers: [("Location", "https://mp.weixin.qq.com/")]) }
        defer { server.stop() }
        let client = makeClient(URLSessionTransport(), endpoints: WeChatEndpoints(baseURL: server.baseURL))

        let error = await apiError { try await client.createPreAuthCode(componentToken: APISample.componentTokenValue) }

        #expect(error == .unexpectedStatus(endpoint: "api_create_preauthcode", status: 302))
        #expect(server.received.count == 1)
    }

    @Test func silentServer_TimesOut_AsTimedOut() async throws {
        let server = try CannedHTTPServer { _ in .silence }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let started = Date()

        await #expect(throws: WeChatTransportError.timedOut(after: 0.5)) {
            try await transport.send(request(server, "/sns/auth", timeout: 0.5))
        }
        // The server never answers: this bound only proves the call did not wait for URLSession's
        // own 60 s request timeout. It is that generous because a loaded machine can take tens
        // of seconds to resume the test.
        #expect(Date().timeIntervalSince(started) < 59)
    }

    @Test func silentServer_ThroughClient_IsTransportTimeout() async throws {
        let server = try CannedHTTPServer { _ in .silence }
        defer { server.stop() }
        let client = ComponentClient(endpoints: WeChatEndpoints(baseURL: server.baseURL), transport: URLSessionTransport(),
                                     componentAppID: APISample.componentAppID, timeout: 0.5)

        let error = await apiError { try await client.jsapiTicket(authorizerToken: APISample.authorizerTokenValue) }

        #expect(error == .transport(endpoint: "ticket_getticket", .timedOut(after: 0.5)))
        #expect(error.map { String(describing: $0).contains(APISample.authorizerTokenValue) } == false)
    }

    @Test func malformedBody_ThroughClient_IsMalformedBody() async throws {
        let server = try CannedHTTPServer { _ in .http(200, "OK", headers: [("Content-Type", "text/html")], body: "<html>hello</html>") }
        defer { server.stop() }
        let client = makeClient(URLSessionTransport(), endpoints: WeChatEndpoints(baseURL: server.baseURL))

        let error = await apiError { try await client.createPreAuthCode(componentToken: APISample.componentTokenValue) }

        #expect(error == .malformedBody(endpoint: "api_create_preauthcode", detail: "not valid JSON"))
    }

    @Test func success_ThroughClient_Decodes() async throws {
        let server = try CannedHTTPServer { _ in .json(#"{"pre_auth_code":"preauthcode@@@live","expires_in":600}"#) }
        defer { server.stop() }
        let client = makeClient(URLSessionTransport(), endpoints: WeChatEndpoints(baseURL: server.baseURL))

        let code = try await client.createPreAuthCode(componentToken: APISample.componentTokenValue)

        #expect(code == PreAuthCode(code: "preauthcode@@@live", expiresIn: 600))
        let received = try #require(server.received.first)
        #expect(received.requestLine.hasPrefix("POST /cgi-bin/component/api_create_preauthcode?component_access_token="))
        #expect(String(decoding: received.body, as: UTF8.self) == #"{"component_appid":"\#(APISample.componentAppID)"}"#)
    }

    @Test func oversizedBody_IsResponseTooLarge() async throws {
        let server = try CannedHTTPServer { _ in .json(String(repeating: "x", count: 8192)) }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBytes: 1024))

        await #expect(throws: WeChatTransportError.responseTooLarge(limit: 1024)) {
            try await transport.send(request(server, "/big"))
        }
    }

    @Test func oversizedBody_WithoutContentLength_IsResponseTooLarge() async throws {
        // Delimited by closing the connection, so only the streamed byte count can catch it.
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
        let server = try CannedHTTPServer { _ in .bytes(Data((head + String(repeating: "x", count: 64 * 1024)).utf8)) }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBytes: 1024))

        await #expect(throws: WeChatTransportError.responseTooLarge(limit: 1024)) {
            try await transport.send(request(server, "/big"))
        }
    }

    @Test func closedPort_IsConnectionFailed() async throws {
        let server = try CannedHTTPServer { _ in .silence }
        let url = server.baseURL
        server.stop()
        let transport = URLSessionTransport()

        await #expect(throws: WeChatTransportError.connectionFailed(reason: "cannot connect to host")) {
            try await transport.send(WeChatHTTPRequest(method: "GET", url: url.appendingPathComponent("x"), timeout: 5))
        }
    }

    @Test func cancellation_StopsWaiting_WithCancellationError() async throws {
        let server = try CannedHTTPServer { _ in .silence }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let waiting = Task { try await transport.send(request(server, "/slow", timeout: 30)) }
        #expect(await server.waitForRequests(1))
        let started = Date()

        waiting.cancel()

        await #expect(throws: CancellationError.self) { try await waiting.value }
        // Far below the request's 30 s timeout: the cancellation, not the timeout, ended it.
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func alreadyCancelledTask_SendsNothing() async throws {
        let server = try CannedHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(request(server, "/never"))
        }

        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(server.received.isEmpty)
    }
}
