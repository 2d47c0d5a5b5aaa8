import WXOpenSupport
/// The platform's own access token (component_access_token), from `api_component_token`.
public struct ComponentAccessToken: Sendable, Equatable, Decodable {
    public var token: String
    /// Seconds from issue; 7200 in practice.
    public var expiresIn: Int
}

extension ComponentAccessToken: ExpiringSecret {
    static let secretKey = "component_access_token"
    init(secret: String, expiresIn: Int) { self.init(token: secret, expiresIn: expiresIn) }
}

extension ComponentAccessToken: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("token", Redaction.summary(token)), ("expiresIn", String(expiresIn))]
    }
}
