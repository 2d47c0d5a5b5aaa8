import WeChat
import WXOpenSupport

/// The random values of a web login, and the shapes a request must have before a lookup is tried.
enum WebLoginSecrets {
    /// 62 letters and digits: WeChat allows only a-zA-Z0-9 in `state` (up to 128 bytes).
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    static let stateLength = 32
    /// 32 random bytes, base64url without padding.
    static let ticketLength = 43

    /// 32 characters of a-zA-Z0-9, about 190 bits.
    static func state() -> String { alphanumeric(stateLength) }

    /// `length` random characters of a-zA-Z0-9 (also the JS-SDK's nonceStr). Bytes ≥ 248
    /// (4 × 62) are skipped so that every character is equally likely.
    static func alphanumeric(_ length: Int) -> String {
        var out: [UInt8] = []
        while out.count < length {
            for byte in Crypto.randomBytes(length) where byte < 248 && out.count < length {
                out.append(alphabet[Int(byte) % 62])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 256 bits, base64url: travels in a URL through the browser to the app.
    static func ticket() -> String { Base64URL.encode(Crypto.randomBytes(32)) }

    static func isState(_ text: String) -> Bool {
        text.utf8.count == stateLength && text.utf8.allSatisfy { alphabet.contains($0) }
    }

    static func isTicket(_ text: String) -> Bool { text.utf8.count == ticketLength && Base64URL.isBase64URL(text) }
}
