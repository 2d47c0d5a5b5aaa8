import COpenSSL

extension Crypto {
    /// The algorithms this module uses, fetched from libcrypto's default provider once.
    /// `EVP_sha1()` and friends make OpenSSL 3 look the algorithm up by name on every init (an
    /// "implicit fetch", with locks and string compares), which costs more than hashing a push.
    /// Fetched algorithms are immutable and documented as safe to share between threads.
    final class Algorithms: @unchecked Sendable {
        let sha1 = fetchDigest("SHA1")
        let sha256 = fetchDigest("SHA256")
        let aes256CBC = fetchCipher("AES-256-CBC")
        let aes128CBC = fetchCipher("AES-128-CBC")
        let aes256GCM = fetchCipher("AES-256-GCM")

        private static func fetchDigest(_ name: String) -> OpaquePointer {
            guard let digest = EVP_MD_fetch(nil, name, nil) else { fatalError("libcrypto EVP_MD_fetch(\(name)) failed") }
            return digest
        }

        private static func fetchCipher(_ name: String) -> OpaquePointer {
            guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else { fatalError("libcrypto EVP_CIPHER_fetch(\(name)) failed") }
            return cipher
        }
    }

    static let algorithms = Algorithms()
}
