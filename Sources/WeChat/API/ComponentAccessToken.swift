import WXOpenSupport
/// The platform's own access token (component_access_token), from `api_component_token`.
public struct ComponentAccessToken: Sendable, Equatable, Decodable {
    public var token: String
    /// Seconds from issue; 7200 in practice.
    public var expiresIn: Int

    public init(token: String, expiresIn: Int) {
        self.token = token
        self.expiresIn = expiresIn
    }

    private enum CodingKeys: String, CodingKey {
        case token = "component_access_token"
        case expiresIn = "expires_in"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decodeNonEmptyString(forKey: .token)
        expiresIn = try container.decodeLenientInt(forKey: .expiresIn)
    }
}

extension ComponentAccessToken: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("token", Redaction.summary(token)), ("expiresIn", String(expiresIn))]
    }
}
