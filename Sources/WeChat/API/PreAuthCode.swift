import WXOpenSupport
/// A single-use pre-authorization code (pre_auth_code), from `api_create_preauthcode`.
public struct PreAuthCode: Sendable, Equatable, Decodable {
    public var code: String
    /// Seconds from issue; 600 in the examples (one page says 1800).
    public var expiresIn: Int
}

extension PreAuthCode: ExpiringSecret {
    static let secretKey = "pre_auth_code"
    init(secret: String, expiresIn: Int) { self.init(code: secret, expiresIn: expiresIn) }
}

extension PreAuthCode: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("code", Redaction.summary(code)), ("expiresIn", String(expiresIn))]
    }
}
