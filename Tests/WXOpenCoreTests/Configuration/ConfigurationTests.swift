import Foundation
import Testing
@testable import WXOpenCore

@Suite struct ConfigurationTests {
    static let valid = """
        {
          "server": { "host": "0.0.0.0", "port": 9000, "publicBaseURL": "https://open.example.com/" },
          "component": { "appId": "wxc0ffee", "appSecret": "s3cret", "token": "tok123",
                         "encodingAESKey": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "previousEncodingAESKey": null },
          "wechat": { "apiBaseURL": "http://127.0.0.1:1", "mpBaseURL": "http://127.0.0.1:1", "openBaseURL": "http://127.0.0.1:1" },
          "store": { "kind": "file", "path": "/var/lib/wxopen" },
          "apiKeys": [ { "name": "billing", "sha256": "\(String(repeating: "ab", count: 32))" } ]
        }
        """

    func parse(_ text: String, environment: [String: String] = [:]) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(Data(text.utf8), environment: environment)
    }

    func problem(_ text: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try parse(text, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func validFile_IsRead_WithEveryKey() throws {
        let configuration = try parse(Self.valid)
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 9000)
        #expect(configuration.server.publicBaseURL == "https://open.example.com")
        #expect(configuration.component.appID == "wxc0ffee")
        #expect(configuration.store.path == "/var/lib/wxopen")
        #expect(configuration.apiKeys.map(\.name) == ["billing"])
        #expect(configuration.admin == nil)
        #expect(configuration.tokens.authorizerRefreshMarginSeconds == 900)
    }

    @Test func exampleFile_AtTheTopLevel_IsValid() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../config.example.json").path
        let configuration = try Configuration.load(path: path, environment: [:])
        #expect(configuration.store.kind == .file)
        #expect(configuration.webLogin == Configuration.WebLogin())
    }

    @Test func environment_WinsOverTheFile_ForSecrets() throws {
        let configuration = try parse(Self.valid, environment: [
            "WXOPEN_COMPONENT_APP_SECRET": "from-env", "WXOPEN_COMPONENT_TOKEN": "envToken",
            "WXOPEN_COMPONENT_ENCODING_AES_KEY": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg",
        ])
        #expect(configuration.component.appSecret == "from-env")
        #expect(configuration.component.token == "envToken")
        #expect(configuration.component.encodingAESKey == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg")
    }

    @Test func missingSecret_IsAccepted_WhenTheEnvironmentHasIt() throws {
        let text = Self.valid.replacingOccurrences(of: "\"appSecret\": \"s3cret\", ", with: "")
        #expect(problem(text) == ConfigurationError(key: "component.appSecret", "is required (in the file, or in the environment variable WXOPEN_COMPONENT_APP_SECRET)"))
        #expect(try parse(text, environment: ["WXOPEN_COMPONENT_APP_SECRET": "x"]).component.appSecret == "x")
    }

    @Test func wrongType_NamesTheKey() {
        #expect(problem(Self.valid.replacingOccurrences(of: "\"port\": 9000", with: "\"port\": \"9000\""))
                == ConfigurationError(key: "server.port", "must be an integer, got a string"))
    }

    @Test func unknownKey_NamesTheKey() {
        #expect(problem(Self.valid.replacingOccurrences(of: "\"kind\": \"file\"", with: "\"kind\": \"file\", \"paht\": \"x\""))?.key == "store.paht")
        #expect(problem(Self.valid.replacingOccurrences(of: "\"server\"", with: "\"srever\""))?.key == "srever")
    }

    @Test(arguments: ["short", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"])
    func badEncodingAESKey_NamesTheKey(key: String) {
        let text = Self.valid.replacingOccurrences(of: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", with: key)
        #expect(problem(text)?.key == "component.encodingAESKey")
    }

    @Test func badPreviousEncodingAESKey_NamesTheKey() {
        let text = Self.valid.replacingOccurrences(of: "\"previousEncodingAESKey\": null", with: "\"previousEncodingAESKey\": \"nope\"")
        #expect(problem(text)?.key == "component.previousEncodingAESKey")
    }

    @Test func badToken_NamesTheKey() {
        #expect(problem(Self.valid.replacingOccurrences(of: "\"tok123\"", with: "\"t!\""))?.key == "component.token")
    }

    @Test func portOutOfRange_SaysTheRange() {
        #expect(problem(Self.valid.replacingOccurrences(of: "9000", with: "70000"))
                == ConfigurationError(key: "server.port", "must be between 0 and 65535, got 70000"))
    }

    @Test func baseURL_WithQuery_IsRefused() {
        #expect(problem(Self.valid.replacingOccurrences(of: "\"apiBaseURL\": \"http://127.0.0.1:1\"", with: "\"apiBaseURL\": \"http://x/?a=1\""))?.key == "wechat.apiBaseURL")
    }

    @Test func apiKeyHash_MustBe64Hex() {
        #expect(problem(Self.valid.replacingOccurrences(of: String(repeating: "ab", count: 32), with: "AB"))?.key == "apiKeys[0].sha256")
    }

    @Test func admin_NeedsAValidHash_FromFileOrEnvironment() throws {
        let withAdmin = Self.valid.replacingOccurrences(of: "\"apiKeys\"", with: "\"admin\": {\"username\": \"ops\"}, \"apiKeys\"")
        #expect(problem(withAdmin)?.key == "admin.passwordHash")
        let hash = PasswordHash.make(password: "pw", iterations: PasswordHash.minimumIterations)
        let configuration = try parse(withAdmin, environment: ["WXOPEN_ADMIN_PASSWORD_HASH": hash])
        #expect(configuration.admin?.passwordHash == hash)
        let weak = "pbkdf2-sha256$1000$c2FsdHNhbHQ=$" + Data(repeating: 1, count: 32).base64EncodedString()
        #expect(problem(withAdmin, environment: ["WXOPEN_ADMIN_PASSWORD_HASH": weak])?.key == "admin.passwordHash")
    }

    func withWebLogin(_ value: String) -> String {
        Self.valid.replacingOccurrences(of: "\"apiKeys\"", with: "\"webLogin\": \(value), \"apiKeys\"")
    }

    @Test func webLogin_ReadsThePrefixes_GivingABareHostItsSlash() throws {
        let configuration = try parse(withWebLogin("{\"returnURLPrefixes\": [\"https://app.example.com\", \"https://shop.example.com/app/\"]}"))
        #expect(configuration.webLogin.returnURLPrefixes == ["https://app.example.com/", "https://shop.example.com/app/"])
        #expect(configuration.webLogin.isEnabled)
    }

    @Test func webLogin_AbsentOrEmpty_IsOff() throws {
        #expect(try parse(Self.valid).webLogin.isEnabled == false)
        #expect(try parse(withWebLogin("{\"returnURLPrefixes\": []}")).webLogin.isEnabled == false)
        #expect(try parse(withWebLogin("{}")).webLogin.isEnabled == false)
    }

    @Test(arguments: ["\"javascript:alert(1)\"", "\"https://app.example.com/?from=x\"", "\"https://user@app.example.com/\"",
                      "\"app.example.com\"", "\"https://app.example.com\\\\x/\""])
    func webLogin_BadPrefix_NamesTheKey(prefix: String) {
        #expect(problem(withWebLogin("{\"returnURLPrefixes\": [\"https://ok.example.com/\", \(prefix)]}"))?.key == "webLogin.returnURLPrefixes[1]")
    }

    @Test func webLogin_WrongTypesAndUnknownKeys_NameTheKey() {
        #expect(problem(withWebLogin("{\"returnURLPrefixes\": [42]}"))
                == ConfigurationError(key: "webLogin.returnURLPrefixes[0]", "must be a string, got a number"))
        #expect(problem(withWebLogin("{\"returnURLPrefixes\": \"https://app.example.com/\"}"))
                == ConfigurationError(key: "webLogin.returnURLPrefixes", "must be an array, got a string"))
        #expect(problem(withWebLogin("{\"returnUrlPrefixes\": []}"))?.key == "webLogin.returnUrlPrefixes")
        #expect(problem(withWebLogin("[]"))?.key == "webLogin")
    }

    /// Issue 10.5: a value out of a fixed set is refused with every valid value, as the enum has them.
    @Test func choices_AreEnums_AndAWrongOneListsTheValidOnes() throws {
        func with(_ section: String, _ body: String) -> String {
            Self.valid.replacingOccurrences(of: "\"apiKeys\"", with: "\"\(section)\": \(body), \"apiKeys\"")
        }
        let chosen = try parse(with("console", "{\"lang\": \"en\"}").replacingOccurrences(of: "\"kind\": \"file\"", with: "\"kind\": \"memory\""))
        #expect(chosen.consoleLanguage == .en)
        #expect(chosen.store.kind == .memory)
        #expect(try parse(with("log", "{\"level\": \"warn\"}")).logLevel == .warning)
        #expect(problem(Self.valid.replacingOccurrences(of: "\"kind\": \"file\"", with: "\"kind\": \"sqlite\""))
                == ConfigurationError(key: "store.kind", "must be \"file\", \"memory\" or \"postgres\", got \"sqlite\""))
        #expect(problem(with("console", "{\"lang\": \"fr\"}")) == ConfigurationError(key: "console.lang", "must be \"auto\", \"zh\" or \"en\", got \"fr\""))
        #expect(problem(with("log", "{\"level\": \"warning\"}"))
                == ConfigurationError(key: "log.level", "must be \"debug\", \"info\", \"warn\" or \"error\", got \"warning\""))
    }

    /// An empty section leaves every value at the configuration type's own default.
    @Test func emptySections_KeepTheDefaultsOfTheConfigurationType() throws {
        let text = """
            {"component": {"appId": "wxc0ffee", "appSecret": "s3cret", "token": "tok123",
                           "encodingAESKey": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"},
             "server": {}, "platform": {}, "wechat": {}, "store": {}, "tokens": {}, "console": {}, "log": {}}
            """
        let parsed = try parse(text)
        let defaults = Configuration(component: parsed.component)
        #expect(parsed == defaults)
        #expect(defaults.store.kind == .file && defaults.consoleLanguage == .auto && defaults.logLevel == .info)
    }

    @Test func notJSON_IsReported() {
        #expect(problem("{\"server\": ")?.key == "")
    }
}
