import Foundation
import Synchronization
import Testing
@testable import HTTPServer

@Suite struct RouteGroupTests {
    struct Refused: Error {}

    /// Passes `X-Key: good` with the key's owner, refuses anything else with 401; renders
    /// `Refused` thrown by a handler as 409.
    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func add() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    struct KeyGuard: RouteGuard {
        let checks = Counter()

        func check(_ request: HTTPRequest) async -> GuardVerdict<String> {
            checks.add()
            guard request.headers["X-Key"] == "good" else { return .refuse(.text("who are you?", status: .unauthorized)) }
            return .pass("alice")
        }

        func response(for error: any Error, to request: HTTPRequest, context: String) -> HTTPResponse? {
            error is Refused ? .text("refused for \(context)", status: .conflict) : nil
        }
    }

    static func router(_ keys: KeyGuard = KeyGuard()) -> Router {
        var router = Router()
        router.get("/open") { _ in .text("open") }
        router.group("/api", guardedBy: keys) { api in
            api.get("") { (_: HTTPRequest) in .text("root") }
            api.get("/both/:id") { request, owner in .text("\(owner) \(request.pathParameters["id"] ?? "?")") }
            api.get("/context") { (owner: String) in .text(owner) }
            api.post("/request", bodyLimit: 16) { (request: HTTPRequest) in HTTPResponse(body: request.body) }
            api.get("/refused") { _, _ in throw Refused() }
            api.get("/http-error") { _, _ in throw HTTPError(.gone, "gone") }
            api.get("/cancelled") { _, _ in throw CancellationError() }
        }
        return router
    }

    func send(_ router: Router, _ target: String, method: HTTPMethod = .get, key: String? = "good",
              body: String = "") async throws -> (status: Int, text: String) {
        let headers: HTTPHeaders = key.map { ["X-Key": $0] } ?? [:]
        let response = await router.respond(to: try HTTPRequest(method: method, target: target, headers: headers, body: Data(body.utf8)))
        return (response.status.code, String(decoding: response.body.data ?? Data(), as: UTF8.self))
    }

    @Test func routes_AreUnderThePrefix_WithTheirPatterns() async throws {
        let router = Self.router()
        #expect(router.routes.map(\.pattern) == ["/open", "/api", "/api/both/:id", "/api/context", "/api/request",
                                                 "/api/refused", "/api/http-error", "/api/cancelled"])
        #expect(router.routes.first { $0.pattern == "/api/request" }?.bodyLimit == 16)
        #expect(try await send(router, "/api") == (200, "root"))
    }

    @Test func handler_GetsWhatTheGuardEstablished_InEachShape() async throws {
        let router = Self.router()
        #expect(try await send(router, "/api/both/7") == (200, "alice 7"))
        #expect(try await send(router, "/api/context") == (200, "alice"))
        #expect(try await send(router, "/api/request", method: .post, body: "hi") == (200, "hi"))
    }

    @Test func refusal_IsTheGuardsAnswer_AndTheHandlerDoesNotRun() async throws {
        let keys = KeyGuard()
        let router = Self.router(keys)
        #expect(try await send(router, "/api/refused", key: nil) == (401, "who are you?"))
        #expect(try await send(router, "/api/refused", key: "bad") == (401, "who are you?"))
        #expect(keys.checks.count == 2)
        // Routes outside the group are not guarded.
        #expect(try await send(router, "/open", key: nil) == (200, "open"))
        #expect(keys.checks.count == 2)
    }

    @Test func handlerError_IsRenderedByTheGuard_OrElseByTheRouter() async throws {
        let router = Self.router()
        #expect(try await send(router, "/api/refused") == (409, "refused for alice"))
        #expect(try await send(router, "/api/http-error") == (410, "gone\n"))
        // The guard is never asked about cancellation: every cancelled handler gets the same answer.
        #expect(try await send(router, "/api/cancelled") == (503, "The request was cancelled.\n"))
    }

    @Test func unknownPathUnderThePrefix_Is404_WithoutAskingTheGuard() async throws {
        let keys = KeyGuard()
        #expect(try await send(Self.router(keys), "/api/nope", key: nil).status == 404)
        #expect(keys.checks.count == 0)
    }
}
