/// The platform's EncodingAESKey: 43 base64 characters that decode, with "=" appended, to the
/// 32-byte AES-256 key; the IV is the key's first 16 bytes.
public struct EncodingAESKey: Sendable, CustomStringConvertible, CustomReflectable {
    public static let length = 43

    let key: [UInt8]
    let iv: [UInt8]

    public init(_ string: String) throws(MessageCryptoError) {
        // Decoding is not canonical: WeChat's console makes keys from 43 arbitrary characters, so
        // the low 2 bits of the last one are usually not zero; every official SDK ignores them.
        guard Self.validate(string) == nil, let bytes = Base64.decode(string + "=", canonical: false),
              bytes.count == Crypto.AESCBC.keyLength
        else { throw .invalidKey }
        key = bytes
        iv = Array(bytes[..<Crypto.AESCBC.ivLength])
    }

    /// Nil for a usable key, otherwise why not, for configuration errors. Mentions lengths and
    /// positions only, never the key's characters.
    public static func validate(_ string: String) -> String? {
        let scalars = string.unicodeScalars
        if scalars.count == length + 1, scalars.last == "=" {
            return "EncodingAESKey must be \(length) characters without the trailing '='"
        }
        guard scalars.count == length else {
            return "EncodingAESKey must be \(length) characters, found \(scalars.count)"
        }
        for (index, scalar) in scalars.enumerated() where !isBase64Character(scalar) {
            return "EncodingAESKey character \(index + 1) is not a base64 letter, digit, '+' or '/'"
        }
        return nil
    }

    private static func isBase64Character(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A" ... "Z", "a" ... "z", "0" ... "9", "+", "/": true
        default: false
        }
    }

    public var description: String { "EncodingAESKey(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
