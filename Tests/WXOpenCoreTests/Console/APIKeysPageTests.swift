import Foundation
import HTTPServer
import Testing
@testable import WXOpenCore

/// Issue 16: API keys managed from the console, and which keys read an account's token.
@Suite struct APIKeysPageTests {
    typealias Harness = ConsoleHarness

    @Test func keyCreatedInTheConsole_IsShownOnce_Works_AndCanBeRevoked() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path + "/keys.json"
            let harness = try await Harness.start(configure: { $0.apiKeysFile = path })
            let browser = try await harness.signedInBrowser(language: "en")
            let created = try await browser.post("/admin/keys", form: [("csrf", try await browser.csrfToken()), ("name", "reports"),
                                                                        ("days", "30")])
            #expect(created.status == 200)
            #expect(created.headers["Cache-Control"] == "no-store")
            let shown = created.text.components(separatedBy: "id=\"new-key-value\" value=\"").dropFirst().first
            let key = try #require(shown?.split(separator: "\"").first.map(String.init))
            #expect(key.hasPrefix("wxk_"))
            #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains(key))
            let ring = harness.platform.app.platform.keyRing
            let request = try HTTPRequest(method: .get, target: "/api/v1/authorizers", headers: ["Authorization": "Bearer " + key])
            #expect(ring.authenticate(request) == .accepted(name: "reports"))
            // Listed afterwards without the key itself.
            let listed = try await browser.get("/admin/keys")
            #expect(listed.text.contains("<code>reports</code>"))
            #expect(!listed.text.contains(key))
            let revoked = try await browser.post("/admin/keys/reports/revoke", form: [("csrf", try await browser.csrfToken())])
            #expect(revoked.status == 303)
            #expect(ring.authenticate(request) == .rejected)
            await harness.stop()
        }
    }

    @Test func addingAKey_WithoutTheCSRFToken_IsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let harness = try await Harness.start(configure: { $0.apiKeysFile = directory.path + "/keys.json" })
            let browser = try await harness.signedInBrowser()
            let reply = try await browser.post("/admin/keys", form: [("name", "sneaky")])
            #expect(reply.status == 403)
            #expect(!harness.platform.app.platform.keyRing.keys.contains { $0.name == "sneaky" })
            await harness.stop()
        }
    }

    @Test func withoutAKeysFile_ThePageSaysWhereKeysLive() async throws {
        let harness = try await Harness.start()
        let page = try await harness.signedInBrowser(language: "en").get("/admin/keys")
        #expect(page.status == 200)
        #expect(page.text.contains("No keys file (apiKeysFile) is configured"))
        #expect(page.text.contains("<code>tests</code>"))
        await harness.stop()
    }

    @Test func accountPage_ListsTheKeysThatReadItsToken() async throws {
        let harness = try await Harness.start()
        try await harness.authorize([PlatformHarness.officialAccount])
        let platform = harness.platform
        _ = try await platform.api("GET", "/api/v1/authorizers/\(PlatformHarness.officialAccount)/access-token")
        let page = try await harness.signedInBrowser(language: "en").get("/admin/authorizers/\(PlatformHarness.officialAccount)")
        #expect(page.text.contains("<ul id=\"token-readers\"><li><code>tests</code>"))
        await harness.stop()
    }
}
