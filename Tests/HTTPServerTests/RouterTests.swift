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

    @Test func firstDeclaredRoute_Wins_OverALaterLiteralOne() {
        var router = Router()
        router.get("/items/:id") { _ in .text("parameter") }
        router.get("/items/new") { _ in .text("literal") }
        router.get("/other/new") { _ in .text("only literal") }
        guard case .found(let route, let parameters) = router.match(.get, path: "/items/new") else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern == "/items/:id")
        #expect(parameters == ["id": "new"])
        guard case .found(let other, _) = router.match(.get, path: "/other/new") else {
            Issue.record("no match for the literal route")
            return
        }
        #expect(other.pattern == "/other/new")
    }

    @Test func thrownHTTPError_BecomesItsResponse() async throws {
        var router = Router()
        router.get("/teapot") { _ in throw HTTPError(.forbidden, "no tea") }
        let response = await router.respond(to: try HTTPRequest(method: .get, target: "/teapot"))
        #expect(response.status == .forbidden)
        #expect(response.body.data == Data("no tea\n".utf8))
    }
}
