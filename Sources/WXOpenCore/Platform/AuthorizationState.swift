import Foundation
import WeChat

/// What the start page asked for, carried through WeChat in `redirect_uri`'s `state` and
/// signed, so the callback can trust `ref` and the options and refuse forged or stale links.
public struct AuthorizationState: Codable, Sendable, Equatable {
    public var ref: String?
    public var authType: Int
    public var bizAppID: String?
    public var categoryIDs: [Int]
    /// Unix time after which the state is refused.
    public var expires: Int
    public var nonce: String

    enum CodingKeys: String, CodingKey {
        case ref = "r", authType = "t", bizAppID = "b", categoryIDs = "c", expires = "e", nonce = "n"
    }
}

/// Signs and checks `AuthorizationState` with HMAC-SHA256 under a key derived from the
/// platform's secrets (so every instance of the platform agrees, and nothing new is stored).
public struct StateSigner: Sendable {
    private let key: [UInt8]

    public enum Failure: Error, Equatable { case malformed, badSignature, expired }

    public init(appSecret: String, token: String) {
        key = Crypto.hmacSHA256(key: Array(appSecret.utf8), message: Array("wxopen/authorization-state/v1|\(token)".utf8))
    }

    public func sign(_ state: AuthorizationState) -> String {
        let payload = (try? JSONEncoder().encode(state)) ?? Data()
        let signature = Crypto.hmacSHA256(key: key, message: Array(payload))
        return Base64URL.encode(Array(payload)) + "." + Base64URL.encode(signature)
    }

    public func verify(_ token: String, now: Date) throws(Failure) -> AuthorizationState {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(parts[0]), let signature = Base64URL.decode(parts[1]) else {
            throw .malformed
        }
        guard Crypto.constantTimeEquals(Crypto.hmacSHA256(key: key, message: payload), signature) else { throw .badSignature }
        guard let state = try? JSONDecoder().decode(AuthorizationState.self, from: Data(payload)) else { throw .malformed }
        guard Double(state.expires) > now.timeIntervalSince1970 else { throw .expired }
        return state
    }
}

/// Base64 with the URL alphabet and no padding (RFC 4648 §5): safe in a query value.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
