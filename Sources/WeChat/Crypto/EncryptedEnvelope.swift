/// The outer XML of an encrypted POST: `<xml><AppId>…</AppId><Encrypt>…</Encrypt></xml>` for a
/// push to the authorization event URL, `<ToUserName>` instead of `<AppId>` for a message to an
/// authorized account.
public struct EncryptedEnvelope: Sendable, Equatable {
    /// The base64 ciphertext, to check against `msg_signature` and decrypt.
    public var encrypt: String
    /// `<AppId>`: the component appid a push is for, when present.
    public var appID: String?
    /// `<ToUserName>`: the account a message is for, when present.
    public var toUserName: String?

    public init(encrypt: String, appID: String? = nil, toUserName: String? = nil) {
        self.encrypt = encrypt
        self.appID = appID
        self.toUserName = toUserName
    }

    /// Reads a POST body. Only a root `<xml>` with a non-empty `<Encrypt>` is required: the
    /// addressee fields are routing hints, and the appid that counts is checked inside the
    /// ciphertext.
    public static func parse(_ body: [UInt8], limits: WeChatXML.Limits = WeChatXML.Limits()) throws(MessageCryptoError) -> EncryptedEnvelope {
        guard let root = try? WeChatXML.parse(body, limits: limits) else { throw .badXML }
        return try envelope(from: root)
    }

    public static func parse(_ body: String, limits: WeChatXML.Limits = WeChatXML.Limits()) throws(MessageCryptoError) -> EncryptedEnvelope {
        guard let root = try? WeChatXML.parse(body, limits: limits) else { throw .badXML }
        return try envelope(from: root)
    }

    private static func envelope(from root: XMLElement) throws(MessageCryptoError) -> EncryptedEnvelope {
        guard root.name == "xml", let encrypt = root.text(of: "Encrypt"), !encrypt.isEmpty else { throw .badXML }
        return EncryptedEnvelope(encrypt: encrypt, appID: root.text(of: "AppId"), toUserName: root.text(of: "ToUserName"))
    }
}
