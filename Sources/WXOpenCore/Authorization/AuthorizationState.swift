import Foundation
import WeChat
import WXOpenSupport

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
    /// Base64url SHA-256 of the id in the browser's `wxopen_authorize` cookie: the callback must
    /// come from the browser that clicked (see `BrowserBinding`).
    public var browser: String

    public init(ref: String?, authType: Int, bizAppID: String?, categoryIDs: [Int], expires: Int, nonce: String, browser: String) {
        self.ref = ref
        self.authType = authType
        self.bizAppID = bizAppID
        self.categoryIDs = categoryIDs
        self.expires = expires
        self.nonce = nonce
        self.browser = browser
    }

    enum CodingKeys: String, CodingKey {
        case ref = "r", authType = "t", bizAppID = "b", categoryIDs = "c", expires = "e", nonce = "n", browser = "w"
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
