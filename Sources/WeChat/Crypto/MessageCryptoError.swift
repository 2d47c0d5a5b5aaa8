/// Why an encrypted message was refused.
///
/// `description` is the same word for every case, so that nothing shown to a sender tells a
/// prober which check failed; `reason` is for logs. Neither ever holds a token, key or plaintext.
public enum MessageCryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `msg_signature` does not match SHA-1 over token, timestamp, nonce and Encrypt.
    case badSignature
    /// The timestamp is not an integer or lies outside the allowed window around now.
    case staleTimestamp
    /// Encrypt is not strict base64.
    case badBase64
    /// Decrypted padding is not PKCS#7 to 32-byte blocks; this is also how a wrong key shows.
    case badPadding
    /// The ciphertext is not a non-zero multiple of 16 bytes, the length field runs past the
    /// data, or the message is not UTF-8: the decrypted buffer is malformed.
    case badLength
    /// The appid at the end of the plaintext is not ours.
    case appIDMismatch
    /// The envelope is not the XML we expect.
    case badXML
    /// An EncodingAESKey is not 43 base64 characters.
    case invalidKey

    public var description: String { "rejected" }

    /// A short code for logs, with the official WXBizMsgCrypt number where one exists.
    public var reason: String {
        switch self {
        case .badSignature: "bad-signature (-40001)"
        case .staleTimestamp: "stale-timestamp (outside the allowed window)"
        case .badBase64: "bad-base64 (-40010)"
        case .badPadding: "bad-padding (-40007)"
        case .badLength: "bad-buffer (-40008)"
        case .appIDMismatch: "appid-mismatch (-40005)"
        case .badXML: "bad-xml (-40002)"
        case .invalidKey: "invalid-aes-key (-40004)"
        }
    }

    /// The number WeChat's own SDKs use for this failure; none exists for the timestamp window,
    /// which those SDKs do not check.
    public var officialCode: Int? {
        switch self {
        case .badSignature: -40001
        case .staleTimestamp: nil
        case .badBase64: -40010
        case .badPadding: -40007
        case .badLength: -40008
        case .appIDMismatch: -40005
        case .badXML: -40002
        case .invalidKey: -40004
        }
    }
}
