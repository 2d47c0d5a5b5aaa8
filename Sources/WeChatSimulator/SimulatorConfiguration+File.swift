import Foundation

extension SimulatorConfiguration {
    /// Reads a JSON file of snake_case keys; every key is optional and overrides `.demo()`.
    ///
    ///     {"port": 8180, "platform_base_url": "http://127.0.0.1:8080", "ticket_interval": 600,
    ///      "rotate_refresh_tokens": true, "accounts": [{"appid": "wx…", "user_name": "gh_…",
    ///      "nickname": "…", "kind": "official_account"}]}
    ///
    /// `platform_base_url` derives the event URL, message URL and authorization domain as
    /// `demo(platformBaseURL:)` does; the explicit keys win over it.
    public static func load(jsonFile path: String) throws -> SimulatorConfiguration {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let file = try JSONDecoder().decode(ConfigurationFile.self, from: data)
        return try file.apply()
    }
}

/// The shape of the configuration file.
private struct ConfigurationFile: Decodable {
    var host: String?
    var port: Int?
    var eventLoops: Int?
    var platformBaseURL: String?
    var componentAppID: String?
    var componentAppSecret: String?
    var token: String?
    var encodingAESKey: String?
    var platformName: String?
    var eventURL: String?
    var messageURLTemplate: String?
    var authorizationDomains: [String]?
    var ticketInterval: Double?
    var ticketLifetime: Double?
    var tokenLifetime: Double?
    var replacedTokenGrace: Double?
    var preAuthCodeLifetime: Double?
    var authorizationCodeLifetime: Double?
    var rotateRefreshTokens: Bool?
    var fullReleaseDone: Bool?
    var pushAttempts: Int?
    var pushRetryDelay: Double?
    var pushTimeout: Double?
    var latency: Double?
    var ridsInErrors: Bool?
    var auditDecisionDelay: Double?
    var codeCheckDuration: Double?
    var accounts: [SimulatedAccount]?
    var oauthUsers: [SimulatedUser]?

    enum CodingKeys: String, CodingKey {
        case host, port, eventLoops = "event_loops", platformBaseURL = "platform_base_url"
        case componentAppID = "component_appid", componentAppSecret = "component_appsecret", token
        case encodingAESKey = "encoding_aes_key", platformName = "platform_name", eventURL = "event_url"
        case messageURLTemplate = "message_url_template", authorizationDomains = "authorization_domains"
        case ticketInterval = "ticket_interval", ticketLifetime = "ticket_lifetime", tokenLifetime = "token_lifetime"
        case replacedTokenGrace = "replaced_token_grace", preAuthCodeLifetime = "pre_auth_code_lifetime"
        case authorizationCodeLifetime = "authorization_code_lifetime", rotateRefreshTokens = "rotate_refresh_tokens"
        case fullReleaseDone = "full_release_done", pushAttempts = "push_attempts", pushRetryDelay = "push_retry_delay"
        case pushTimeout = "push_timeout", latency, ridsInErrors = "rids_in_errors", accounts, oauthUsers = "oauth_users"
        case auditDecisionDelay = "audit_decision_delay", codeCheckDuration = "code_check_duration"
    }

    struct InvalidURL: Error, CustomStringConvertible {
        let key: String
        var description: String { "simulator configuration: \(key) is not a valid URL" }
    }

    func apply() throws -> SimulatorConfiguration {
        var c = SimulatorConfiguration.demo()
        if let platformBaseURL {
            guard let url = URL(string: platformBaseURL), url.host != nil else { throw InvalidURL(key: "platform_base_url") }
            c = SimulatorConfiguration.demo(platformBaseURL: url)
        }
        if let host { c.host = host }
        if let port { c.port = port }
        if let eventLoops { c.eventLoops = eventLoops }
        if let componentAppID { c.componentAppID = componentAppID }
        if let componentAppSecret { c.componentAppSecret = componentAppSecret }
        if let token { c.token = token }
        if let encodingAESKey { c.encodingAESKey = encodingAESKey }
        if let platformName { c.platformName = platformName }
        if let eventURL {
            guard let url = URL(string: eventURL) else { throw InvalidURL(key: "event_url") }
            c.eventURL = url
        }
        if let messageURLTemplate { c.messageURLTemplate = messageURLTemplate }
        if let authorizationDomains { c.authorizationDomains = authorizationDomains }
        if let ticketInterval { c.ticketInterval = ticketInterval }
        if let ticketLifetime { c.ticketLifetime = ticketLifetime }
        if let tokenLifetime { c.tokenLifetime = tokenLifetime }
        if let replacedTokenGrace { c.replacedTokenGrace = replacedTokenGrace }
        if let preAuthCodeLifetime { c.preAuthCodeLifetime = preAuthCodeLifetime }
        if let authorizationCodeLifetime { c.authorizationCodeLifetime = authorizationCodeLifetime }
        if let rotateRefreshTokens { c.rotateRefreshTokens = rotateRefreshTokens }
        if let fullReleaseDone { c.fullReleaseDone = fullReleaseDone }
        if let pushAttempts { c.pushAttempts = pushAttempts }
        if let pushRetryDelay { c.pushRetryDelay = pushRetryDelay }
        if let pushTimeout { c.pushTimeout = pushTimeout }
        if let latency { c.latency = latency }
        if let ridsInErrors { c.ridsInErrors = ridsInErrors }
        if let auditDecisionDelay { c.auditDecisionDelay = auditDecisionDelay }
        if let codeCheckDuration { c.codeCheckDuration = codeCheckDuration }
        if let accounts { c.accounts = accounts }
        if let oauthUsers { c.oauthUsers = oauthUsers }
        return c
    }
}
