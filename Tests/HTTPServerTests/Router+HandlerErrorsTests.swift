import Foundation
import Testing
@testable import HTTPServer
import WXOpenSupport
import WXOpenTesting

/// `Route.run`: the live server and `Router.respond(to:)` turn a handler's error into the same answer.
@Suite struct RouterHandlerErrorsTests {
    struct Boom: Error {}

    static let requestID = "test-request-1"

    static func router() -> Router {
        var router = Router()
        router.get("/http-error") { _ in throw HTTPError(.forbidden, "no tea") }
        // What a cancelled handler sees: its task is cancelled (the client left, or the
        // connection's handler timeout fired), and the next await throws.
        router.get("/cancelled") { _ in
            withUnsafeCurrentTask { $0?.cancel() }
            try Task.checkCancellation()
            return .text("not reached")
        }
        router.get("/cancellation-error") { _ in throw CancellationError() }
        router.get("/failure") { _ in throw Boom() }
        return router
    }

    /// The status, the body and the log lines of one request, by each path.
    func answers(_ path: String) async throws -> (live: (Int, String), router: (Int, String), liveLogs: MemoryLogSink, routerLogs: MemoryLogSink) {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try await client.send("GET \(path) HTTP/1.1\r\nHost: x\r\nX-Request-Id: \(Self.requestID)\r\n\r\n")
        let live = try await client.readResponse()
        await server.stop()
        let routerLogs = MemoryLogSink()
        let response = await Self.router().respond(to: try HTTPRequest(method: .get, target: path, requestID: Self.requestID),
                                                   logger: Logger(level: .debug, sink: routerLogs))
        return ((live.status, live.text), (response.status.code, String(decoding: response.body.data ?? Data(), as: UTF8.self)),
                server.logs, routerLogs)
    }

    @Test func httpError_IsItsOwnResponse_OnBothPaths() async throws {
        let answers = try await answers("/http-error")
        #expect(answers.live == answers.router)
        #expect(answers.router == (403, "no tea\n"))
    }

    @Test(arguments: ["/cancelled", "/cancellation-error"])
    func cancelledHandler_Is503_AndNotLoggedAsAFailure_OnBothPaths(path: String) async throws {
        let answers = try await answers(path)
        #expect(answers.live == answers.router)
        #expect(answers.router == (503, "The request was cancelled.\n"))
        #expect(!answers.liveLogs.contains("handler_failed"))
        #expect(!answers.routerLogs.contains("handler_failed"))
    }

    @Test func otherError_Is500_NamingTheRequest_AndLogged_OnBothPaths() async throws {
        let answers = try await answers("/failure")
        #expect(answers.live == answers.router)
        #expect(answers.router == (500, "Internal error; see the server log for request \(Self.requestID).\n"))
        #expect(answers.liveLogs.contains("event=handler_failed request_id=\(Self.requestID) route=/failure error=Boom()"))
        #expect(answers.routerLogs.contains("event=handler_failed request_id=\(Self.requestID) route=/failure error=Boom()"))
    }
}
