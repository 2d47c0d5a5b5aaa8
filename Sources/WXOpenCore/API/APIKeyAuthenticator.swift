import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// `Authorization: Bearer KEY` against the configured SHA-256 hashes. Every configured hash is
/// compared, in constant time, whatever matched: neither the key nor which key it was leaks
/// through timing.
public struct APIKeyAuthenticator: Sendable {
    private let keys: [(name: String, hash: [UInt8])]
    let configuredKeys: [Configuration.APIKey]

    public init(keys: [Configuration.APIKey]) {
        configuredKeys = keys
        self.keys = keys.map { ($0.name, APIKeyAuthenticator.bytes(hex: $0.sha256)) }
    }

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
        switch match(request) {
        case .key(let index): .accepted(name: keys[index].name)
        case .missing: .missing
        case .rejected: .rejected
        case .ambiguous: .ambiguous
        }
    }

    /// What `match` found: the position of the presented key among `configuredKeys`, or why none.
    enum Match: Equatable {
        case key(Int)
        case missing, rejected, ambiguous
    }

    func match(_ request: HTTPRequest) -> Match {
        // RFC 9110 §11.6.2: `Authorization = credentials`, one field, not a list (§5.3): which of
        // two a proxy or this server would use is anyone's guess, so neither is.
        var header: String?
        for field in request.headers where field.name.utf8.count == 13 && field.name.equalsIgnoringASCIICase("Authorization") {
            if header != nil { return .ambiguous }
            header = field.value
        }
        guard var header else { return .missing }
        return header.withUTF8 { bytes in
            // RFC 6750 §2.1: `Bearer` (any case), one space, the token.
            guard bytes.count > 7, bytes[6] == UInt8(ascii: " "),
                  UnsafeBufferPointer(rebasing: bytes[..<6]).elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }) else { return .rejected }
            var start = 7, end = bytes.count
            while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            guard start < end else { return .rejected }
            let token = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard Self.isToken68(token) else { return .ambiguous }
            let presented = Crypto.sha256(Array(token))
            var matched: Int?
            for (index, key) in keys.enumerated() where Crypto.constantTimeEquals(presented, key.hash) && matched == nil {
                matched = index
            }
            return matched.map { .key($0) } ?? .rejected
        }
    }

    /// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
    /// A comma or space inside means a list of credentials, or none.
    static func isToken68<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let body = bytes.prefix { $0 != UInt8(ascii: "=") }
        guard !body.isEmpty, bytes.dropFirst(body.count).allSatisfy({ $0 == UInt8(ascii: "=") }) else { return false }
        return body.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                true
            default:
                false
            }
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
