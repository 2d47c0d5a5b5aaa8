import Foundation
import Testing
@testable import WXOpenCore

/// `forwarding` in the configuration: the defaults, the environment's secret, the checks.
@Suite struct ForwardingConfigurationTests {
    let base = ConfigurationTests()

    func with(_ forwarding: String) -> String {
        ConfigurationTests.valid.replacingOccurrences(of: "\"apiKeys\":", with: "\"forwarding\": \(forwarding), \"apiKeys\":")
    }

    @Test func forwarding_IsOff_WhenAbsent_AndReadWithItsDefaults() throws {
        #expect(try base.parse(ConfigurationTests.valid).forwarding == nil)
        let configuration = try base.parse(with(#"{"url": "https://biz.internal/wechat?team=a", "secret": "0123456789abcdef"}"#))
        #expect(configuration.forwarding == .init(url: "https://biz.internal/wechat?team=a", secret: "0123456789abcdef", replyTimeoutMs: 3000))
        let timed = try base.parse(with(#"{"url": "http://10.0.0.5:8000/hook", "secret": "0123456789abcdef", "replyTimeoutMs": 800}"#))
        #expect(timed.forwarding?.replyTimeoutMs == 800)
    }

    @Test func secret_FromTheEnvironment_WinsOverTheFile() throws {
        let configuration = try base.parse(with(#"{"url": "https://biz.internal/wechat"}"#),
                                           environment: ["WXOPEN_FORWARDING_SECRET": "from-the-environment-0001"])
        #expect(configuration.forwarding?.secret == "from-the-environment-0001")
        let both = try base.parse(with(#"{"url": "https://biz.internal/wechat", "secret": "from-the-file-000000"}"#),
                                  environment: ["WXOPEN_FORWARDING_SECRET": "from-the-environment-0001"])
        #expect(both.forwarding?.secret == "from-the-environment-0001")
    }

    @Test(arguments: [
        (#"{"secret": "0123456789abcdef"}"#, "forwarding.url"),
        (#"{"url": "ftp://biz.internal/", "secret": "0123456789abcdef"}"#, "forwarding.url"),
        (#"{"url": "https://user:pw@biz.internal/", "secret": "0123456789abcdef"}"#, "forwarding.url"),
        (#"{"url": "https://biz.internal/"}"#, "forwarding.secret"),
        (#"{"url": "https://biz.internal/", "secret": "short"}"#, "forwarding.secret"),
        (#"{"url": "https://biz.internal/", "secret": "0123456789abcdef", "replyTimeoutMs": 5000}"#, "forwarding.replyTimeoutMs"),
        (#"{"url": "https://biz.internal/", "secret": "0123456789abcdef", "replyTimeout": 5}"#, "forwarding.replyTimeout"),
    ])
    func badForwarding_IsRefused_NamingTheKey(forwarding: String, key: String) {
        #expect(base.problem(with(forwarding))?.key == key)
    }
}
