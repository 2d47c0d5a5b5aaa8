import WXOpenSupport
/// An authorizer's access token, from `api_authorizer_token`.
public struct AuthorizerToken: Sendable, Equatable, Decodable {
    public var accessToken: String
    public var expiresIn: Int
    /// The refresh token WeChat echoed, nil when absent or empty. Store it when present and
    /// keep the old one otherwise: losing it means the merchant must authorize again.
    public var refreshToken: String?
}

extension AuthorizerToken {
    private enum CodingKeys: String, CodingKey {
        case accessToken = "authorizer_access_token"
        case expiresIn = "expires_in"
        case refreshToken = "authorizer_refresh_token"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decodeNonEmptyString(forKey: .accessToken)
        expiresIn = try container.decodeLenientInt(forKey: .expiresIn)
        refreshToken = try container.decodeNonEmptyStringIfPresent(forKey: .refreshToken)
    }
}

extension AuthorizerToken: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("accessToken", Redaction.summary(accessToken)), ("expiresIn", String(expiresIn)),
         ("refreshToken", Redaction.summary(refreshToken))]
    }
}
