import Foundation
import Testing
@testable import WXOpenCore

@Suite struct ProcessEnvironmentTests {
    @Test func credentialsDirectory_SuppliesWXOpenVariables_ButTheEnvironmentWins() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path
            try "key-from-credential\n".write(toFile: path + "/WXOPEN_STORE_KEY", atomically: true, encoding: .utf8)
            try "secret-from-credential".write(toFile: path + "/WXOPEN_COMPONENT_APP_SECRET", atomically: true, encoding: .utf8)
            try "ignored".write(toFile: path + "/OTHER", atomically: true, encoding: .utf8)
            let merged = Configuration.Environment.process([
                "CREDENTIALS_DIRECTORY": path, "WXOPEN_COMPONENT_APP_SECRET": "secret-from-environment",
            ])
            #expect(merged["WXOPEN_STORE_KEY"] == "key-from-credential")
            #expect(merged["WXOPEN_COMPONENT_APP_SECRET"] == "secret-from-environment")
            #expect(merged["OTHER"] == nil)
        }
    }

    @Test func withoutCredentials_TheEnvironmentIsAsGiven() {
        #expect(Configuration.Environment.process(["A": "1"]) == ["A": "1"])
    }
}
