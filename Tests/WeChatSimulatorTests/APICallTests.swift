import Foundation
import Testing
@testable import WeChatSimulator

/// The steps `api(_:_:_:)` takes for every state route, in WeChat's order.
@Suite struct APICallTests {
    @Test func jsonRoute_Is47001_ForABadBody_BeforeItsTokenIsChecked() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/wxa/commit", json: "template_id=1")
            #expect(reply.status == 200)
            #expect(reply.errcode == 47001)
        }
    }

    @Test func queryRoute_DoesNotReadTheBody_ItsTokenDecides() async throws {
        try await withHarness { h in
            let reply = try await h.http.post("/wxa/release", json: "not json")
            #expect(reply.status == 200)
            #expect(reply.errcode == 41001)
        }
    }
}
