import WXOpenSupport

/// A mini program user's login, from `/sns/component/jscode2session`. `sessionKey` is the key
/// the user's encrypted data is sealed with: it must never leave the server (WeChat's words:
/// "session_key 不应该在网络上传输").
public struct MiniProgramSession: Sendable, Equatable, Decodable {
    public var openID: String
    /// Base64 of 16 bytes: the AES-128 key of `wx.getUserInfo`-style encrypted data.
    public var sessionKey: String
    /// Present when the mini program is bound to an open-platform account.
    public var unionID: String?
}

extension MiniProgramSession {
    private enum CodingKeys: String, CodingKey {
        case openID = "openid", sessionKey = "session_key", unionID = "unionid"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        openID = try container.decodeNonEmptyString(forKey: .openID)
        sessionKey = try container.decodeNonEmptyString(forKey: .sessionKey)
        unionID = try container.decodeNonEmptyStringIfPresent(forKey: .unionID)
    }
}

extension MiniProgramSession: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("openID", openID), ("sessionKey", Redaction.summary(sessionKey)), ("unionID", unionID ?? "nil")]
    }
}
