import WXOpenSupport
/// A WeChat user's web-authorization token for one official account, from
/// `/sns/oauth2/component/access_token` or `/sns/oauth2/component/refresh_token`.
public struct OAuthToken: Sendable, Equatable, Decodable {
    public var accessToken: String
    public var expiresIn: Int
    /// Lives 30 days.
    public var refreshToken: String
    public var openID: String
    /// `snsapi_base` or `snsapi_userinfo` (comma-separated when both).
    public var scope: String
    public var unionID: String?
}

extension OAuthToken {
    private enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case openID = "openid"
        case scope
        case unionID = "unionid"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decodeNonEmptyString(forKey: .accessToken)
        expiresIn = try container.decodeLenientInt(forKey: .expiresIn)
        refreshToken = try container.decodeNonEmptyString(forKey: .refreshToken)
        openID = try container.decodeNonEmptyString(forKey: .openID)
        scope = try container.decodeIfPresent(String.self, forKey: .scope) ?? ""
        unionID = try container.decodeNonEmptyStringIfPresent(forKey: .unionID)
    }
}

extension OAuthToken: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("accessToken", Redaction.summary(accessToken)), ("expiresIn", String(expiresIn)),
         ("refreshToken", Redaction.summary(refreshToken)), ("openID", openID), ("scope", scope)]
    }
}
