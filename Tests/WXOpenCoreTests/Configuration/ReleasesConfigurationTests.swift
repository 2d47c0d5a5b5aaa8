import Foundation
import Testing
@testable import WXOpenCore

/// The `releases` settings: defaults from the type, each checked with its key named.
@Suite struct ReleasesConfigurationTests {
    static let component = #""component": {"appId": "wxc0ffee", "appSecret": "s3cret", "token": "tok123", "encodingAESKey": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg"}"#

    @Test func defaults_ComeFromTheType() throws {
        let configuration = try Configuration.parse(Data("{\(Self.component)}".utf8))
        #expect(configuration.releases == Configuration.Releases())
        #expect(configuration.releases.concurrency == 4)
        #expect(configuration.releases.pollIntervalSeconds == 600)
    }

    @Test func values_AreRead_AndOutOfRangeOnesRefusedByKey() throws {
        let configuration = try Configuration.parse(Data(#"{\#(Self.component), "releases": {"concurrency": 8, "pollIntervalSeconds": 120, "leaseSeconds": 30, "scanIntervalSeconds": 2, "retryDelaySeconds": 10}}"#.utf8))
        #expect(configuration.releases.concurrency == 8)
        #expect(configuration.releases.pollIntervalSeconds == 120)
        #expect(configuration.releases.leaseSeconds == 30)
        #expect(configuration.releases.scanIntervalSeconds == 2)
        #expect(configuration.releases.retryDelaySeconds == 10)
        do {
            _ = try Configuration.parse(Data(#"{\#(Self.component), "releases": {"pollIntervalSeconds": 5}}"#.utf8))
            Issue.record("a 5 s poll interval was accepted")
        } catch {
            #expect(error.key == "releases.pollIntervalSeconds")
        }
        #expect(throws: ConfigurationError.self) { try Configuration.parse(Data(#"{\#(Self.component), "releases": {"concurency": 2}}"#.utf8)) }
    }
}
