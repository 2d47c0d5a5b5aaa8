import Foundation
import Testing
@testable import WXOpenCore

/// Issue 14's settings: `webLogin.keepUserTokens` and `miniProgram.sessionLifetimeSeconds`.
@Suite struct ConfigurationActingTests {
    static let component = #""component": {"appId": "wxc0ffee", "appSecret": "s", "token": "tok123", "encodingAESKey": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}"#

    func parse(_ members: String) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(Data("{\(Self.component)\(members.isEmpty ? "" : ", " + members)}".utf8))
    }

    @Test func defaults_KeepNoUserTokens_AndThreeDaySessions() throws {
        let configuration = try parse("")
        #expect(configuration.webLogin.keepUserTokens == false)
        #expect(configuration.miniProgram.sessionLifetimeSeconds == 259_200)
    }

    @Test func keys_AreRead() throws {
        let configuration = try parse(#""webLogin": {"returnURLPrefixes": ["https://app.example.com/"], "keepUserTokens": true}, "miniProgram": {"sessionLifetimeSeconds": 3600}"#)
        #expect(configuration.webLogin.keepUserTokens)
        #expect(configuration.miniProgram.sessionLifetimeSeconds == 3600)
    }

    @Test func badValues_NameTheirKey() {
        #expect(throws: ConfigurationError.self) { try parse(#""webLogin": {"keepUserTokens": "yes"}"#) }
        do {
            _ = try parse(#""miniProgram": {"sessionLifetimeSeconds": 10}"#)
            Issue.record("a 10 s session lifetime was accepted")
        } catch {
            #expect(error.key == "miniProgram.sessionLifetimeSeconds")
        }
        do {
            _ = try parse(#""miniProgram": {"sessionLifetime": 3600}"#)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.key == "miniProgram.sessionLifetime")
        }
    }
}
