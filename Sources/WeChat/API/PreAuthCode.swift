import WXOpenSupport
/// A single-use pre-authorization code (pre_auth_code), from `api_create_preauthcode`.
public struct PreAuthCode: Sendable, Equatable, Decodable {
    public var code: String
    /// Seconds from issue; 600 in the examples (one page says 1800).
    public var expiresIn: Int

    public init(code: String, expiresIn: Int) {
        self.code = code
        self.expiresIn = expiresIn
    }

    private enum CodingKeys: String, CodingKey {
        case code = "pre_auth_code"
        case expiresIn = "expires_in"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decodeNonEmptyString(forKey: .code)
        expiresIn = try container.decodeLenientInt(forKey: .expiresIn)
    }
}

extension PreAuthCode: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("code", Redaction.summary(code)), ("expiresIn", String(expiresIn))]
    }
}
