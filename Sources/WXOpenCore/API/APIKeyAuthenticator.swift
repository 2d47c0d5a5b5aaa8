import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// `Authorization: Bearer KEY` against the configured SHA-256 hashes. Every configured hash is
/// compared, in constant time, whatever matched: neither the key nor which key it was leaks
/// through timing.
public struct APIKeyAuthenticator: Sendable {
    private let keys: [(name: String, hash: [UInt8])]
    private let byName: [String: Configuration.APIKey]
    let configuredKeys: [Configuration.APIKey]

    public init(keys: [Configuration.APIKey]) {
        configuredKeys = keys
        self.keys = keys.map { ($0.name, APIKeyAuthenticator.bytes(hex: $0.sha256)) }
        byName = Dictionary(keys.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func key(named name: String) -> Configuration.APIKey? { byName[name] }

    public enum Outcome: Equatable, Sendable {
        case accepted(name: String)
        case missing
        case rejected
        /// More than one credential: two `Authorization` fields, or one whose Bearer value is not
        /// a single token68 (`Bearer a, Bearer b`). Malformed, not merely wrong: see `APIKeyGuard`.
        case ambiguous
        /// A known key past its `expiresAt` (decided by `APIKeyRing`).
        case expired(name: String)
    }

    public func authenticate(_ request: HTTPRequest) -> Outcome {
        // RFC 9110 §11.6.2: `Authorization = credentials`, one field, not a list (§5.3): which of
        // two a proxy or this server would use is anyone's guess, so neither is.
        let fields = request.headers.values("Authorization")
        guard let header = fields.first else { return .missing }
        if fields.count > 1 { return .ambiguous }
        // RFC 6750 §2.1: `Bearer` (any case), one space, the token.
        let bytes = Array(header.utf8)
        guard bytes.count > 7, bytes[6] == UInt8(ascii: " "),
              String(decoding: bytes[..<6], as: UTF8.self).equalsIgnoringASCIICase("Bearer") else { return .rejected }
        var start = 7, end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        guard start < end else { return .rejected }
        guard Self.isToken68(bytes[start..<end]) else { return .ambiguous }
        let presented = Crypto.sha256(Array(bytes[start..<end]))
        var matched: String?
        for key in keys where Crypto.constantTimeEquals(presented, key.hash) && matched == nil {
            matched = key.name
        }
        return matched.map { .accepted(name: $0) } ?? .rejected
    }

    /// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
    /// A comma or space inside means a list of credentials, or none.
    static func isToken68(_ bytes: ArraySlice<UInt8>) -> Bool {
        let body = bytes.prefix { $0 != UInt8(ascii: "=") }
        guard !body.isEmpty, bytes.dropFirst(body.count).allSatisfy({ $0 == UInt8(ascii: "=") }) else { return false }
        return body.allSatisfy { byte in
            PercentEncoding.isUnreserved(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
    }

    /// A new random key (printed once by `wxopen apikey new`) and the hash to configure.
    public static func makeKey() -> (key: String, sha256: String) {
        let key = "wxk_" + Base64URL.encode(Crypto.randomBytes(32))
        return (key, Crypto.sha256Hex(key))
    }

    /// The configuration already checked the hex (64 lowercase digits).
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            let high: UInt8 = PercentEncoding.hexValue(digits[index]) ?? 0
            let low: UInt8 = PercentEncoding.hexValue(digits[index + 1]) ?? 0
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
