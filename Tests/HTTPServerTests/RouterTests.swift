import Foundation
import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.get("/healthz") { _ in .text("ok") }
        router.post("/wechat/messages/:appid") { request in .text("post " + (request.pathParameters["appid"] ?? "?")) }
        router.get("/static/*path") { request in .text(request.pathParameters["path"] ?? "?") }
        router.put("/items/:id") { _ in .text("put") }
        router.get("/items/:id") { request in .text("get " + (request.pathParameters["id"] ?? "?")) }
        return router
    }

    @Test func parameter_IsBound_FromPath() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .post, target: "/wechat/messages/wx123"))
        #expect(response.body.data == Data("post wx123".utf8))
    }

    @Test func restPattern_BindsTheRemainingPath() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .get, target: "/static/css/site.css"))
        #expect(response.body.data == Data("css/site.css".utf8))
    }

    @Test func unknownPath_Is404() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .get, target: "/nope"))
        #expect(response.status == .notFound)
    }

    @Test func wrongMethod_Is405_WithAllow() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .delete, target: "/items/7"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "PUT, GET, HEAD")
    }

    @Test func queryMethod_OnAKnownPath_Is405_WithAllow() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .query, target: "/items/7"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "PUT, GET, HEAD")
    }

    @Test func options_OnAKnownPath_Is204_WithAllow() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .options, target: "/items/7"))
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "PUT, GET, HEAD, OPTIONS")
        #expect(response.body.data?.isEmpty ?? true)
    }

    @Test func options_OnAnUnknownPath_Is404() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .options, target: "/nope"))
        #expect(response.status == .notFound)
    }

    @Test func head_IsServed_ByGetRoute() throws {
        guard case .found(let route, _) = router().match(.head, path: "/healthz") else {
            Issue.record("HEAD did not match the GET route")
            return
        }
        #expect(route.method == .get)
    }

    @Test func extraSegments_DoNotMatch() {
        guard case .notFound = router().match(.get, path: "/healthz/extra") else {
            Issue.record("matched a longer path")
            return
        }
    }

    @Test func literalRoute_Wins_OverAParameterRoute_WhicheverIsDeclaredFirst() {
        var router = Router()
        router.get("/items/:id") { _ in .text("parameter") }
        router.get("/items/new") { _ in .text("literal") }
        router.get("/items/:id/parts") { _ in .text("first parts") }
        router.get("/items/:other/parts") { _ in .text("second parts") }
        guard case .found(let route, let parameters) = router.match(.get, path: "/items/new") else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern == "/items/new")
        #expect(parameters == [:])
        guard case .found(let other, let bound) = router.match(.get, path: "/items/7") else {
            Issue.record("no match for the parameter route")
            return
        }
        #expect(other.pattern == "/items/:id")
        #expect(bound == ["id": "7"])
        // Equally specific: the first declared wins.
        guard case .found(let parts, _) = router.match(.get, path: "/items/7/parts") else {
            Issue.record("no match for parts")
            return
        }
        #expect(parts.pattern == "/items/:id/parts")
    }

    /// Issue 16's fuzzer: `GET /api/v1/authorizers/sync` was answered by `GET …/:appid` while
    /// OPTIONS advertised GET there; the literal of another method owns the path.
    @Test func literalRouteOfAnotherMethod_OwnsItsPath_So405_WithItsAllow() async throws {
        var router = Router()
        router.get("/api/v1/authorizers/:appid") { _ in .text("account") }
        router.post("/api/v1/authorizers/sync") { _ in .text("sync") }
        let get = await router.respond(to: try HTTPRequest(method: .get, target: "/api/v1/authorizers/sync"))
        #expect(get.status == .methodNotAllowed)
        #expect(get.headers["Allow"] == "POST")
        let options = await router.respond(to: try HTTPRequest(method: .options, target: "/api/v1/authorizers/sync"))
        #expect(options.headers["Allow"] == "POST, OPTIONS")
        let account = await router.respond(to: try HTTPRequest(method: .get, target: "/api/v1/authorizers/wx1"))
        #expect(account.body.data == Data("account".utf8))
        let rest = await router.respond(to: try HTTPRequest(method: .head, target: "/api/v1/authorizers/wx1"))
        #expect(rest.status == .ok)
    }

    /// Parameters are bound once, for the route that wins: a less specific route seen first (here
    /// `*`) must not lend its binding to the more specific one, for GET or for HEAD served by GET.
    @Test func winningRoute_BindsItsOwnParameters_AfterAnOutrankedCandidate() {
        var router = Router()
        router.get("/files/*path") { _ in .text("rest") }
        router.get("/files/:name") { _ in .text("name") }
        for method in [HTTPMethod.get, .head] {
            guard case .found(let route, let parameters) = router.match(method, path: "/files/a") else {
                Issue.record("no match for \(method)")
                continue
            }
            #expect(route.pattern == "/files/:name")
            #expect(parameters == ["name": "a"])
        }
        guard case .found(let rest, let bound) = router.match(.get, path: "/files/a/b") else {
            Issue.record("no match for the rest route")
            return
        }
        #expect(rest.pattern == "/files/*path")
        #expect(bound == ["path": "a/b"])
    }

    // MARK: Issue 11.7: routes match decoded segments

    @Test func escapedSlash_IsNotASecondSpellingOfARoute() async throws {
        var router = Router()
        router.get("/admin/authorizers") { _ in .text("list") }
        router.get("/admin/*") { _ in .text("console 404") }
        for target in ["/admin%2fauthorizers", "/admin%2Fauthorizers"] {
            guard case .notFound = router.match(.get, path: target) else {
                Issue.record("\(target) reached a route")
                continue
            }
        }
        let inside = await router.respond(to: try HTTPRequest(method: .get, target: "/admin/x%2F..%2Fauthorizers"))
        #expect(inside.body.data == Data("console 404".utf8))
    }

    @Test func escapedUnreservedCharacters_MatchTheLiteralRoute() async throws {
        var router = Router()
        router.get("/admin/authorizers") { _ in .text("list") }
        router.get("/items/:id/edit") { request in .text(request.pathParameters["id"] ?? "?") }
        #expect(await router.respond(to: try HTTPRequest(method: .get, target: "/%61dmin/authorizers")).body.data == Data("list".utf8))
        #expect(await router.respond(to: try HTTPRequest(method: .get, target: "/items/7/%65dit")).body.data == Data("7".utf8))
    }

    @Test func escapedSlash_BindsAParameter_OnlyAsData() async throws {
        let response = await router().respond(to: try HTTPRequest(method: .post, target: "/wechat/messages/wx1%2F..%2Fadmin"))
        #expect(response.body.data == Data("post wx1/../admin".utf8))
        guard case .notFound = router().match(.post, path: "/wechat/messages/wx1/x") else {
            Issue.record("a raw slash became part of the parameter")
            return
        }
    }

    @Test func emptySegments_MatchNoLiteralAndBindNoParameter() {
        let router = router()
        for target in ["//healthz", "/healthz/", "/wechat//messages/wx1", "/wechat/messages/", "/wechat/messages//"] {
            guard case .notFound = router.match(target.hasPrefix("/wechat") ? .post : .get, path: target) else {
                Issue.record("\(target) matched a route")
                continue
            }
        }
    }

    @Test func dotSegment_Is400_BeforeRouting() async throws {
        #expect(throws: HTTPError(.badRequest, "The path has a . or .. segment.")) {
            _ = try HTTPRequest(method: .get, target: "/static/%2e%2e/healthz")
        }
    }

    /// Issue 11.8: the router's own answers never repeat the path.
    @Test func unroutedAnswers_NeverEchoThePath() async throws {
        for (method, target) in [(HTTPMethod.get, "/%3Cscript%3E%0D%0AX-Injected:%201"), (.delete, "/items/%3Cb%3E%0D%0A")] {
            let response = await router().respond(to: try HTTPRequest(method: method, target: target))
            let text = String(decoding: response.body.data ?? Data(), as: UTF8.self)
            #expect([404, 405].contains(response.status.code))
            for echo in ["<", "script", "X-Injected", "%3C", "\r"] { #expect(!text.contains(echo), "\(target): \(text)") }
        }
    }

    @Test func thrownHTTPError_BecomesItsResponse() async throws {
        var router = Router()
        router.get("/teapot") { _ in throw HTTPError(.forbidden, "no tea") }
        let response = await router.respond(to: try HTTPRequest(method: .get, target: "/teapot"))
        #expect(response.status == .forbidden)
        #expect(response.body.data == Data("no tea\n".utf8))
    }

    @Test func mapHandlers_ReplacesEachHandler_KeepingPatternsLimitsAndErrorRenderers() async throws {
        var router = Router()
        router.get("/items/:id") { request in .text("item \(request.pathParameters["id"] ?? "")") }
        router.post("/items", bodyLimit: 10) { _ in .text("made") }
        router.renderErrors(under: "/items") { error in HTTPResponse(status: error.status, body: Data("json \(error.status.code)".utf8)) }
        let mapped = router.mapHandlers { route in
            let handler = route.handler
            return { request in route.method == .post ? .text("closed") : try await handler(request) }
        }
        #expect(mapped.routes.map(\.pattern) == ["/items/:id", "/items"])
        #expect(mapped.routes.map(\.bodyLimit) == [nil, 10])
        let item = await mapped.respond(to: try HTTPRequest(method: .get, target: "/items/7"))
        #expect(item.body.data == Data("item 7".utf8))
        let post = await mapped.respond(to: try HTTPRequest(method: .post, target: "/items"))
        #expect(post.body.data == Data("closed".utf8))
        let missing = await mapped.respond(to: try HTTPRequest(method: .delete, target: "/items/7"))
        #expect(missing.body.data == Data("json 405".utf8))
    }

    /// Candidates are judged before any parameter is bound: a length that differs, a literal that
    /// differs or an empty segment under a parameter rules a route out; `*` takes any rest.
    @Test func matches_DecidesWithoutBinding() {
        let pattern: [Router.Segment] = [.literal("a"), .parameter("id"), .literal("b")]
        #expect(Router.matches(pattern, ["a", "1", "b"]))
        #expect(!Router.matches(pattern, ["a", "1"]))
        #expect(!Router.matches(pattern, ["a", "1", "b", "c"]))
        #expect(!Router.matches(pattern, ["a", "", "b"]))
        #expect(!Router.matches(pattern, ["x", "1", "b"]))
        #expect(Router.matches([.literal("a"), .rest("*")], ["a"]))
        #expect(Router.matches([.literal("a"), .rest("*")], ["a", "b", "c"]))
        #expect(Router.bind(pattern, to: ["a", "1", "b"]) == ["id": "1"])
        #expect(Router.bind(pattern, to: ["a", "1"]) == nil)
    }
}
