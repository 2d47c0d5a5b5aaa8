@testable import HTTPServer

/// The routes the live server tests share: a health check, the peer address, a path parameter,
/// an echo with a 1 KiB limit, a handler held by gates, a stream, a handler's own
/// nosniff value, a header injection, a sleeper.
enum TestRoutes {
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
}
