import HTTPServer

/// `GET /api/v1/openapi.json`: the API's description (`OpenAPIDocument`). No key: it holds no
/// secret, and code generators and fuzzers fetch it before they have one. Registered on its own,
/// outside the API-key group, so the router's JSON 404 for other `/api/` paths is unchanged.
enum OpenAPIRoutes {
    static let path = "/api/v1/openapi.json"

    static func add(to router: inout Router) {
        router.get(path) { _ in
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache"],
                         body: OpenAPIDocument.data)
        }
    }
}
