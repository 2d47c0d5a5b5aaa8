import Foundation
import Testing
@testable import WXOpenCore
import WXOpenTesting

/// Sessions and throttles live in the store (issue 13): a restart, or another instance on the
/// same store, keeps them.
@Suite struct ConsoleRestartTests {
    @Test func aRestart_DoesNotSignTheOperatorOut() async throws {
        try await withTemporaryDirectory { directory in
            let files = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let before = try await ConsoleHarness.start(store: try await files.open())
            let browser = ConsoleBrowser(router: before.router, language: "en")
            #expect(try await browser.signIn().status == 303)
            let cookie = try #require(browser.cookies[ConsoleGate.sessionCookie])
            #expect(try await browser.get("/admin").status == 200)
            await before.stop()

            // The same directory, a new process's worth of objects: nothing held in memory survives.
            let after = try await ConsoleHarness.start(store: try await files.open())
            let returning = ConsoleBrowser(router: after.router, language: "en")
            returning.setCookie(ConsoleGate.sessionCookie, cookie)
            let page = try await returning.get("/admin")
            #expect(page.status == 200, "still signed in: \(page.location ?? "")")
            #expect(try await returning.get("/admin/links").field("csrf") != nil)
            await after.stop()
        }
    }

    @Test func failedLogins_CountAcrossARestart() async throws {
        try await withTemporaryDirectory { directory in
            let files = FileStoreHarness(path: directory.storePath)
            var settings = ConsoleSettings()
            settings.maxFailedLogins = 2
            let before = try await ConsoleHarness.start(settings: settings, store: try await files.open())
            let browser = ConsoleBrowser(router: before.router, language: "en")
            for _ in 0..<2 { #expect(try await browser.signIn(password: "wrong").status == 403) }
            await before.stop()
            let after = try await ConsoleHarness.start(settings: settings, store: try await files.open())
            let again = ConsoleBrowser(router: after.router, language: "en")
            #expect(try await again.signIn().status == 429)
            await after.stop()
        }
    }
}
