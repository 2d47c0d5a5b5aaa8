import HTTPServer

/// `GET /healthz`: the process is serving. (Readiness, which needs a ticket, is `/readyz`.)
enum HealthRoutes {
    static func add(to router: inout Router) {
        router.get("/healthz") { _ in HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"], body: okBody) }
    }

    private static let okBody = HTTPBody.data(.init("ok".utf8))
}
