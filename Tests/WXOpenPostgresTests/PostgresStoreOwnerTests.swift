import Foundation
import Testing
import WXOpenCore
@testable import WXOpenPostgres
import WXOpenSupport
import WXOpenTesting

/// A database belongs to the first component that opens it, as a file store does (issue 11).
@Suite(.enabled(if: PostgresTestDatabase.isConfigured, Comment(rawValue: PostgresTestDatabase.skipNote)))
struct PostgresStoreOwnerTests {
    @Test func databaseOfAnotherComponent_IsRefused_NamingBoth() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let first = try await PostgresStore.open(url: url, componentAppID: "wxcomponent00000a", logger: .discard)
            await first.close()
            let again = try await PostgresStore.open(url: url, componentAppID: "wxcomponent00000a", logger: .discard)
            await again.close()
            do {
                let other = try await PostgresStore.open(url: url, componentAppID: "wxcomponent00000b", logger: .discard)
                await other.close()
                Issue.record("a database of another component opened")
            } catch let error as StoreError {
                guard case .otherComponent(_, let stored, let configured) = error else { throw error }
                #expect(stored == "wxcomponent00000a")
                #expect(configured == "wxcomponent00000b")
                #expect(!"\(error)".contains(PostgresURL.passwordForTests(url)))
            }
        }
    }
}

extension PostgresURL {
    /// The password in a test URL, to check that no message repeats it ("" when none).
    static func passwordForTests(_ url: String) -> String {
        ((try? PostgresURL(url))?.password).flatMap { $0.isEmpty ? nil : $0 } ?? "\u{0}no-password"
    }
}
