import Foundation
import Testing
@testable import WXOpenCore

/// `tokens.refreshPolicy`, `hotWindowSeconds`, `keepAliveSeconds` and `maxConcurrency`.
@Suite struct TokenSettingsTests {
    func tokens(_ json: String) throws(ConfigurationError) -> Configuration.Tokens {
        let text = ConfigurationTests.valid.replacingOccurrences(of: "\"apiKeys\"", with: "\"tokens\": \(json), \"apiKeys\"")
        return try Configuration.parse(Data(text.utf8)).tokens
    }

    func problem(_ json: String) -> ConfigurationError? {
        do {
            _ = try tokens(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaults_AreHotWith24hWindow_7dKeepAlive_AndAMaximumOf32() throws {
        let defaults = try tokens("{}")
        #expect(defaults.refreshPolicy == .hot)
        #expect(defaults.hotWindowSeconds == 86_400)
        #expect(defaults.keepAliveSeconds == 604_800)
        #expect(defaults.refreshConcurrency == 4 && defaults.maxConcurrency == 32)
    }

    @Test func everyTokenSetting_IsRead() throws {
        let read = try tokens(#"{"refreshPolicy": "all", "hotWindowSeconds": 7200, "keepAliveSeconds": 259200, "refreshConcurrency": 2, "maxConcurrency": 64}"#)
        #expect(read.refreshPolicy == .all)
        #expect(read.hotWindowSeconds == 7200 && read.keepAliveSeconds == 259_200)
        #expect(read.refreshConcurrency == 2 && read.maxConcurrency == 64)
    }

    @Test func maxConcurrency_FollowsAHigherRefreshConcurrency_WhenNotGiven() throws {
        #expect(try tokens(#"{"refreshConcurrency": 48}"#).maxConcurrency == 48)
    }

    @Test func badTokenSettings_AreRefused_NamingTheKey() {
        let policy = problem(#"{"refreshPolicy": "sometimes"}"#)
        #expect(policy?.key == "tokens.refreshPolicy")
        #expect(policy?.problem.contains("\"all\" or \"hot\"") == true)
        #expect(problem(#"{"refreshPolicy": 1}"#)?.key == "tokens.refreshPolicy")
        #expect(problem(#"{"refreshConcurrency": 8, "maxConcurrency": 4}"#)?.key == "tokens.maxConcurrency")
        #expect(problem(#"{"maxConcurrency": 0}"#)?.key == "tokens.maxConcurrency")
        #expect(problem(#"{"hotWindowSeconds": 60}"#)?.key == "tokens.hotWindowSeconds")
        // Past the documented 15 days: well inside any limit anyone has reported for refresh tokens.
        #expect(problem(#"{"keepAliveSeconds": 2592000}"#)?.key == "tokens.keepAliveSeconds")
        #expect(problem(#"{"refreshPolicy": "hot", "hotWindow": 3600}"#)?.key == "tokens.hotWindow")
    }
}
