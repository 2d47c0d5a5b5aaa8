import COpenSSL

/// The project's one door to cryptography: thin wrappers over libcrypto (OpenSSL 3), byte arrays
/// in and out, so that no primitive is ever written by hand.
///
/// The non-throwing calls can only fail when libcrypto itself is broken (no memory, no provider);
/// they stop the process with the name of the failing call, because no caller could recover.
public enum Crypto {
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, algorithms.sha1, length: Int(SHA_DIGEST_LENGTH))
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, algorithms.sha256, length: Int(SHA256_DIGEST_LENGTH))
    }

    /// Lowercase hexadecimal, two characters per byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            var index = 0
            for byte in bytes {
                output[index] = hexDigits[Int(byte >> 4)]
                output[index + 1] = hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    /// Hex SHA-256 of the string's UTF-8 bytes.
    public static func sha256Hex(_ string: String) -> String {
        hex(sha256(Array(string.utf8)))
    }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        let result = withBytes(key) { keyPointer, keyCount in
            withBytes(message) { messagePointer, messageCount in
                HMAC(algorithms.sha256, keyPointer, Int32(keyCount), messagePointer, messageCount, &output, &length)
            }
        }
        guard result != nil, Int(length) == output.count else { libcryptoFailed("HMAC") }
        return output
    }

    /// Bytes from libcrypto's CSPRNG. A CSPRNG that cannot deliver is unrecoverable: carrying on
    /// would hand out predictable nonces and keys, so this stops the process instead.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "randomBytes: count out of range")
        guard count > 0 else { return [] }
        var output = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&output, Int32(count)) == 1 else {
            fatalError("libcrypto RAND_bytes failed: the system's random source is unavailable")
        }
        return output
    }

    /// Compares without an early exit on the first differing byte, so that the time taken does
    /// not reveal how much of a secret an attacker has guessed. Lengths are not secret: different
    /// lengths return false without looking at the content.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Compares the UTF-8 bytes of both strings in constant time.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        constantTimeEquals(Array(a.utf8), Array(b.utf8))
    }

    /// PBKDF2 with HMAC-SHA256 (RFC 8018 §5.2).
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        precondition(iterations > 0 && iterations <= Int(Int32.max), "pbkdf2SHA256: iterations out of range")
        precondition(length > 0 && length <= Int(Int32.max), "pbkdf2SHA256: length out of range")
        var output = [UInt8](repeating: 0, count: length)
        let result = withBytes(password) { passwordPointer, passwordCount in
            withBytes(salt) { saltPointer, saltCount in
                passwordPointer.withMemoryRebound(to: CChar.self, capacity: max(passwordCount, 1)) { passwordChars in
                    PKCS5_PBKDF2_HMAC(
                        passwordChars, Int32(passwordCount), saltPointer, Int32(saltCount),
                        Int32(iterations), algorithms.sha256, Int32(length), &output)
                }
            }
        }
        guard result == 1 else { libcryptoFailed("PKCS5_PBKDF2_HMAC") }
        return output
    }
}

extension Crypto {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func digest(_ bytes: [UInt8], _ type: OpaquePointer?, length: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        var written: UInt32 = 0
        // A context from the pool, re-initialised: EVP_Digest allocates and frees one (and its
        // provider state) per call, which costs more than hashing a short key.
        let context = DigestContexts.shared.take()
        defer { DigestContexts.shared.give(context) }
        let result = withBytes(bytes) { pointer, count in
            EVP_DigestInit_ex2(context, type, nil) == 1 && EVP_DigestUpdate(context, pointer, count) == 1
                && EVP_DigestFinal_ex(context, &output, &written) == 1
        }
        guard result, Int(written) == length else { libcryptoFailed("EVP_Digest") }
        return output
    }

    /// Calls `body` with a pointer that is never nil: some libcrypto calls reject a NULL pointer
    /// even when the length is zero, and an empty Swift array may have no storage.
    static func withBytes<Result>(
        _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> Result
    ) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return body(base, buffer.count) }
            var placeholder: UInt8 = 0
            return withUnsafePointer(to: &placeholder) { body($0, 0) }
        }
    }

    static func libcryptoFailed(_ call: StaticString) -> Never {
        fatalError("libcrypto \(call) failed")
    }
}
