import WeChat

/// A stable fingerprint of a secret, stored next to its sealed form: sealing uses a fresh nonce
/// each time, so two sealings of one token differ, and a compare-and-delete in one SQL statement
/// needs something equal for equal tokens. With a store key it is HMAC-SHA-256 under a key
/// derived from it (a dump reveals nothing); without one, SHA-256 (the token is in clear anyway).
struct TokenDigest: Sendable {
    private let key: [UInt8]?

    init(storeKey: [UInt8]?) {
        key = storeKey.map { Crypto.hmacSHA256(key: $0, message: Array("wxopen.store.v1 token digest".utf8)) }
    }

    func digest(_ token: String) -> String {
        let bytes = Array(token.utf8)
        return Crypto.hex(key.map { Crypto.hmacSHA256(key: $0, message: bytes) } ?? Crypto.sha256(bytes))
    }
}
