import WeChat
import WXOpenSupport

/// Makes the opaque values WeChat hands out, shaped like the real ones (lengths from the
/// seeds' examples): random URL-safe characters behind a short recognisable prefix.
enum TokenFactory {
    /// One random read per value: cheap enough for 10,000 bulk accounts under the state lock.
    static func random(_ length: Int) -> String {
        let bytes = Crypto.randomBytes(length)
        return String(decoding: bytes.map { Base64URL.alphabet[Int($0 & 63)] }, as: UTF8.self)
    }

    static func componentToken() -> String { "61_" + random(83) }
    static func authorizerToken() -> String { "61_" + random(105) }
    static func refreshToken() -> String { "refreshtoken@@@" + random(43) }
    static func ticket() -> String { "ticket@@@" + random(86) }
    static func preAuthCode() -> String { "preauthcode@@@" + random(48) }
    static func authorizationCode() -> String { "queryauthcode@@@" + random(60) }
    static func oauthCode() -> String { random(32) }
    static func oauthToken() -> String { "61_" + random(80) }
    static func oauthRefreshToken() -> String { "61_" + random(80) }
    static func jsapiTicket() -> String { random(86) }
    static func jsCode() -> String { random(32) }

    /// A request id like WeChat's: three groups of 8 hex digits.
    static func rid() -> String {
        let hex = Crypto.hex(Crypto.randomBytes(12))
        let groups = stride(from: 0, to: 24, by: 8).map { start in
            String(hex[hex.index(hex.startIndex, offsetBy: start)..<hex.index(hex.startIndex, offsetBy: start + 8)])
        }
        return groups.joined(separator: "-")
    }

    /// Characters WeChat's tokens are made of; anything else is a malformed token (40014).
    static func isWellFormed(_ token: String) -> Bool {
        guard token.utf8.count >= 16, token.utf8.count <= 512 else { return false }
        return token.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "@"),
                 UInt8(ascii: "*"), UInt8(ascii: "."):
                true
            default: false
            }
        }
    }
}
