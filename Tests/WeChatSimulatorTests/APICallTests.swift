import Foundation
import Testing
@testable import WeChatSimulator

/// The steps `api(_:_:_:)` takes for every state route, in WeChat's order: a `.json` route reads
/// its body before any token check (47001 for a bad one); a `.query` route never reads it, so its
/// missing token (41001) decides.
@Suite struct APICallTests {
    @Test(arguments: [("/wxa/commit", 47001), ("/wxa/release", 41001)])
    func badBody_WithoutToken_IsAnsweredByTheRoutesFirstStep(path: String, errcode: Int) async throws {
        try await withHarness { h in
            let reply = try await h.http.post(path, json: "not json")
            #expect(reply.status == 200)
            #expect(reply.errcode == errcode)
        }
    }
}
