import Foundation
import Testing
@testable import WXOpenCore

@Suite struct StoreConfigurationTests {
    static func json(_ store: String) -> Data {
        Data(#"{"component": {"appId": "wx0123456789abcdef", "appSecret": "s", "token": "tokenABC", "encodingAESKey": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}, "store": \#(store)}"#.utf8)
    }

    @Test func postgres_NeedsAURL_FromTheFileOrTheEnvironment() throws {
        #expect(throws: ConfigurationError.self) { try Configuration.parse(Self.json(#"{"kind": "postgres"}"#)) }
        let fromFile = try Configuration.parse(Self.json(#"{"kind": "postgres", "url": "postgresql://a@db/wx"}"#))
        #expect(fromFile.store.kind == .postgres)
        #expect(fromFile.store.url == "postgresql://a@db/wx")
        let fromEnvironment = try Configuration.parse(Self.json(#"{"kind": "postgres", "url": "postgresql://a@db/wx"}"#),
                                                      environment: ["WXOPEN_STORE_URL": "postgresql://b:secret@db2/wx"])
        #expect(fromEnvironment.store.url == "postgresql://b:secret@db2/wx")
    }

    @Test func postgres_URLMustBeOne_AndTheMessageNamesTheKeyNotTheValue() {
        do {
            _ = try Configuration.parse(Self.json(#"{"kind": "postgres", "url": "mysql://root:hunter2@db/wx"}"#))
            Issue.record("accepted a mysql URL")
        } catch {
            #expect("\(error)".contains("store.url"))
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func kindPostgres_WithoutThePostgresStoreLinked_SaysSo() async throws {
        var configuration = Configuration(component: .init(appID: "wx0123456789abcdef", appSecret: "s", token: "tokenABC",
                                                           encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"))
        configuration.store.kind = .postgres
        configuration.store.url = "postgresql://a@127.0.0.1:1/wx"
        await #expect(throws: StoreError.self) {
            _ = try await PlatformApp.open(configuration: configuration, logger: .discard, environment: [:])
        }
    }
}
