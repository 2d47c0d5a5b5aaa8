import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// Turns the JSON document into a `Configuration`, checking every value.
struct ConfigurationParser {
    let environment: [String: String]

    func parse(_ root: JSONValue) throws(ConfigurationError) -> Configuration {
        var reader = try ConfigReader(root, path: "")
        var component: ConfigReader
        if let present = try reader.object("component") {
            component = present
        } else {
            component = try ConfigReader(.object([:]), path: "component")
        }
        var configuration = Configuration(component: try parseComponent(&component))
        try component.finish()

        if var server = try reader.object("server") {
            configuration.server.host = try server.string("host") ?? configuration.server.host
            configuration.server.port = try server.integer("port", in: 0...65535) ?? configuration.server.port
            configuration.server.eventLoops = try server.integer("eventLoops", in: 0...64) ?? configuration.server.eventLoops
            if let proxies = try server.array("trustedProxies") {
                configuration.server.trustedProxies = try proxies.enumerated().map { index, value throws(ConfigurationError) in
                    let key = server.key("trustedProxies") + "[\(index)]"
                    guard case .string(let text) = value, TrustedProxies.Block(text) != nil else {
                        throw ConfigurationError(key: key, "must be an address or CIDR block such as \"10.0.0.0/8\" or \"::1/128\"")
                    }
                    return text
                }
            }
            if let url = try server.string("publicBaseURL") {
                configuration.server.publicBaseURL = try baseURL(url, key: server.key("publicBaseURL"))
            }
            try server.finish()
        }
        if var platform = try reader.object("platform") {
            configuration.platform.name = try platform.string("name") ?? configuration.platform.name
            try platform.finish()
        }
        if var wechat = try reader.object("wechat") {
            for (name, keyPath) in [("apiBaseURL", \Configuration.WeChatURLs.apiBaseURL), ("mpBaseURL", \.mpBaseURL),
                                    ("openBaseURL", \.openBaseURL)] {
                if let url = try wechat.string(name) { configuration.wechat[keyPath: keyPath] = try baseURL(url, key: wechat.key(name)) }
            }
            configuration.wechat.timeoutSeconds = try wechat.integer("timeoutSeconds", in: 1...120) ?? configuration.wechat.timeoutSeconds
            try wechat.finish()
        }
        if var store = try reader.object("store") {
            configuration.store.kind = try store.choice("kind") ?? configuration.store.kind
            configuration.store.path = try store.string("path") ?? configuration.store.path
            if configuration.store.path.isEmpty { throw ConfigurationError(key: store.key("path"), "must not be empty") }
            configuration.store.url = try store.string("url")
            try store.finish()
        }
        if var tokens = try reader.object("tokens") {
            let defaults = configuration.tokens
            configuration.tokens.componentRefreshMarginSeconds = try tokens.integer("componentRefreshMarginSeconds", in: 60...3600)
                ?? defaults.componentRefreshMarginSeconds
            configuration.tokens.authorizerRefreshMarginSeconds = try tokens.integer("authorizerRefreshMarginSeconds", in: 60...3600)
                ?? defaults.authorizerRefreshMarginSeconds
            configuration.tokens.refreshConcurrency = try tokens.integer("refreshConcurrency", in: 1...64) ?? defaults.refreshConcurrency
            configuration.tokens.maxConcurrency = try tokens.integer("maxConcurrency", in: 1...256)
                ?? max(defaults.maxConcurrency, configuration.tokens.refreshConcurrency)
            guard configuration.tokens.maxConcurrency >= configuration.tokens.refreshConcurrency else {
                throw ConfigurationError(key: tokens.key("maxConcurrency"),
                                         "must be at least refreshConcurrency (\(configuration.tokens.refreshConcurrency))")
            }
            configuration.tokens.refreshPolicy = try tokens.choice("refreshPolicy") ?? defaults.refreshPolicy
            configuration.tokens.hotWindowSeconds = try tokens.integer("hotWindowSeconds", in: 3600...604_800) ?? defaults.hotWindowSeconds
            configuration.tokens.keepAliveSeconds = try tokens.integer("keepAliveSeconds", in: 86_400...1_296_000) ?? defaults.keepAliveSeconds
            try tokens.finish()
        }
        if let url = environment[Configuration.Environment.storeURL], !url.isEmpty { configuration.store.url = url }
        if configuration.store.kind == .postgres {
            guard let url = configuration.store.url else {
                throw ConfigurationError(key: "store.url", "is required for kind \"postgres\" (in the file, or in WXOPEN_STORE_URL)")
            }
            guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                throw ConfigurationError(key: "store.url", "must be a postgresql:// URL, e.g. postgresql://wxopen@db.internal:5432/wxopen")
            }
        }
        configuration.apiKeys = try parseAPIKeys(try reader.array("apiKeys") ?? [])
        if let file = try reader.string("apiKeysFile") {
            guard !file.isEmpty else { throw ConfigurationError(key: "apiKeysFile", "must not be empty (leave it out for no keys file)") }
            configuration.apiKeysFile = file
        }
        if var webLogin = try reader.object("webLogin") {
            configuration.webLogin.returnURLPrefixes = try parseReturnURLPrefixes(&webLogin)
            configuration.webLogin.keepUserTokens = try webLogin.bool("keepUserTokens") ?? configuration.webLogin.keepUserTokens
            try webLogin.finish()
        }
        configuration.forwarding = try parseForwarding(try reader.object("forwarding"))
        if var miniProgram = try reader.object("miniProgram") {
            configuration.miniProgram.sessionLifetimeSeconds = try miniProgram.integer("sessionLifetimeSeconds", in: 300...2_592_000)
                ?? configuration.miniProgram.sessionLifetimeSeconds
            try miniProgram.finish()
        }
        if var releases = try reader.object("releases") {
            let defaults = configuration.releases
            configuration.releases.concurrency = try releases.integer("concurrency", in: 1...64) ?? defaults.concurrency
            configuration.releases.pollIntervalSeconds = try releases.integer("pollIntervalSeconds", in: 10...86_400)
                ?? defaults.pollIntervalSeconds
            configuration.releases.leaseSeconds = try releases.integer("leaseSeconds", in: 5...3600) ?? defaults.leaseSeconds
            configuration.releases.scanIntervalSeconds = try releases.integer("scanIntervalSeconds", in: 1...600)
                ?? defaults.scanIntervalSeconds
            configuration.releases.retryDelaySeconds = try releases.integer("retryDelaySeconds", in: 1...86_400)
                ?? defaults.retryDelaySeconds
            try releases.finish()
        }
        configuration.admin = try parseAdmin(try reader.object("admin"))
        if var events = try reader.object("events") {
            configuration.events.keepDays = try events.integer("keepDays", in: 1...3650) ?? configuration.events.keepDays
            try events.finish()
        }
        if var console = try reader.object("console") {
            configuration.consoleLanguage = try console.choice("lang") ?? configuration.consoleLanguage
            try console.finish()
        }
        if var log = try reader.object("log") {
            // As the log lines spell them: `warn`, not `warning`.
            configuration.logLevel = try log.choice("level", spelled: \.description) ?? configuration.logLevel
            try log.finish()
        }
        try reader.finish()
        return configuration
    }

    private func parseComponent(_ reader: inout ConfigReader) throws(ConfigurationError) -> Configuration.Component {
        typealias Env = Configuration.Environment
        func value(_ name: String, _ variable: String) throws(ConfigurationError) -> String {
            let fromFile = try reader.string(name)
            if let fromEnvironment = environment[variable], !fromEnvironment.isEmpty { return fromEnvironment }
            guard let fromFile, !fromFile.isEmpty else {
                throw ConfigurationError(key: reader.key(name), "is required (in the file, or in the environment variable \(variable))")
            }
            return fromFile
        }
        let component = Configuration.Component(
            appID: try value("appId", Env.appID), appSecret: try value("appSecret", Env.appSecret),
            token: try value("token", Env.token), encodingAESKey: try value("encodingAESKey", Env.encodingAESKey),
            previousEncodingAESKey: try reader.string("previousEncodingAESKey"))
        var result = component
        if let previous = environment[Env.previousEncodingAESKey], !previous.isEmpty { result.previousEncodingAESKey = previous }
        if result.previousEncodingAESKey?.isEmpty == true { result.previousEncodingAESKey = nil }

        // WeChat: the token is 3–32 letters or digits.
        guard (3...32).contains(result.token.count), result.token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ConfigurationError(key: reader.key("token"), "must be 3 to 32 letters or digits (as set on the WeChat Open Platform)")
        }
        if let reason = EncodingAESKey.validate(result.encodingAESKey) {
            throw ConfigurationError(key: reader.key("encodingAESKey"), "must be the 43-character base64 EncodingAESKey: \(reason)")
        }
        if let previous = result.previousEncodingAESKey, let reason = EncodingAESKey.validate(previous) {
            throw ConfigurationError(key: reader.key("previousEncodingAESKey"), "must be null or a 43-character base64 EncodingAESKey: \(reason)")
        }
        return result
    }

    private func parseAPIKeys(_ items: [JSONValue]) throws(ConfigurationError) -> [Configuration.APIKey] {
        var keys: [Configuration.APIKey] = []
        for (index, item) in items.enumerated() {
            var reader = try ConfigReader(item, path: "apiKeys[\(index)]")
            let name = try reader.requiredString("name")
            let hash = try reader.requiredString("sha256")
            guard Configuration.APIKey.isSHA256Hex(hash) else {
                throw ConfigurationError(key: reader.key("sha256"), "must be 64 lowercase hex characters (the SHA-256 printed by `wxopen apikey new`)")
            }
            guard !keys.contains(where: { $0.name == name }) else {
                throw ConfigurationError(key: reader.key("name"), "\"\(name)\" is used by another key; names must be unique")
            }
            let expires = try reader.string("expiresAt").map { text throws(ConfigurationError) in
                guard let date = RFC3339.parse(text) else {
                    throw ConfigurationError(key: reader.key("expiresAt"), "must be an RFC 3339 time such as \"2027-03-01T00:00:00Z\"")
                }
                return date
            }
            try reader.finish()
            keys.append(.init(name: name, sha256: hash, expiresAt: expires))
        }
        return keys
    }

    private func parseReturnURLPrefixes(_ reader: inout ConfigReader) throws(ConfigurationError) -> [String] {
        var prefixes: [String] = []
        for (index, item) in (try reader.array("returnURLPrefixes") ?? []).enumerated() {
            let key = reader.key("returnURLPrefixes") + "[\(index)]"
            guard case .string(let text) = item else { throw ConfigurationError(key: key, "must be a string, got \(item.kindDescription)") }
            if let problem = ReturnURLPolicy.prefixProblem(text) { throw ConfigurationError(key: key, problem) }
            prefixes.append(ReturnURLPolicy.normalizedPrefix(text))
        }
        return prefixes
    }

    private func parseForwarding(_ reader: ConfigReader?) throws(ConfigurationError) -> Configuration.Forwarding? {
        guard var reader else { return nil }
        let url = try baseURL(try reader.requiredString("url"), key: reader.key("url"), allowQuery: true)
        let fromFile = try reader.string("secret")
        let timeout = try reader.integer("replyTimeoutMs", in: 100...4500)
        try reader.finish()
        let variable = Configuration.Environment.forwardingSecret
        guard let secret = environment[variable].flatMap({ $0.isEmpty ? nil : $0 }) ?? fromFile, !secret.isEmpty else {
            throw ConfigurationError(key: reader.key("secret"), "is required (in the file, or in the environment variable \(variable))")
        }
        guard secret.utf8.count >= 16 else {
            throw ConfigurationError(key: reader.key("secret"), "must be at least 16 characters (e.g. `openssl rand -hex 32`)")
        }
        var forwarding = Configuration.Forwarding(url: url, secret: secret)
        if let timeout { forwarding.replyTimeoutMs = timeout }
        return forwarding
    }

    private func parseAdmin(_ reader: ConfigReader?) throws(ConfigurationError) -> Configuration.Admin? {
        let overriding = environment[Configuration.Environment.adminPasswordHash].flatMap { $0.isEmpty ? nil : $0 }
        guard var reader else { return nil }
        let username = try reader.requiredString("username")
        let fileHash = try reader.string("passwordHash")
        try reader.finish()
        guard let hash = overriding ?? fileHash, !hash.isEmpty else {
            throw ConfigurationError(key: reader.key("passwordHash"), "is required (from `wxopen hash-password`, or in \(Configuration.Environment.adminPasswordHash))")
        }
        if let problem = PasswordHash.formatProblem(hash) { throw ConfigurationError(key: reader.key("passwordHash"), problem) }
        return .init(username: username, passwordHash: hash)
    }

    /// `allowQuery`: a URL used as it is (the forwarding URL), not a base that paths are added to.
    private func baseURL(_ text: String, key: String, allowQuery: Bool = false) throws(ConfigurationError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host != nil, allowQuery || url.query == nil, url.fragment == nil, url.user == nil else {
            throw ConfigurationError(key: key, "must be an http(s) URL without \(allowQuery ? "" : "query, ")fragment or user, got \"\(text)\"")
        }
        if allowQuery { return text }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }
}
