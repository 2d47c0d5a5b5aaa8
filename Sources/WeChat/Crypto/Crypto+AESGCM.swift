import COpenSSL

extension Crypto {
    /// AES-256-GCM sealed boxes: nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes).
    /// Used to keep secrets at rest; a fresh random nonce per seal is safe for far more seals
    /// than one key will ever see here (NIST SP 800-38D §8.3 bounds random nonces at 2^32).
    public enum AESGCM {
        public static let keyLength = 32
        public static let nonceLength = 12
        public static let tagLength = 16

        public static func seal(
            key: [UInt8], plaintext: [UInt8], associatedData: [UInt8] = []
        ) throws(CryptoError) -> [UInt8] {
            try seal(key: key, nonce: Crypto.randomBytes(nonceLength), plaintext: plaintext, associatedData: associatedData)
        }

        /// Opens a box made by `seal`. Any failure, a wrong key, a changed byte anywhere, other
        /// associated data, a truncated box, throws `.authenticationFailed`, never partial plaintext.
        public static func open(
            key: [UInt8], sealed: [UInt8], associatedData: [UInt8] = []
        ) throws(CryptoError) -> [UInt8] {
            guard key.count == keyLength else { throw .invalidKeyLength(expected: keyLength, actual: key.count) }
            guard sealed.count >= nonceLength + tagLength else { throw .authenticationFailed }
            guard sealed.count <= Int(Int32.max) else { throw .inputTooLong(length: sealed.count) }
            let nonce = Array(sealed[..<nonceLength])
            var tag = Array(sealed[(sealed.count - tagLength)...])
            let ciphertext = Array(sealed[nonceLength ..< (sealed.count - tagLength)])

            guard let context = EVP_CIPHER_CTX_new() else { throw .libcryptoFailure("EVP_CIPHER_CTX_new") }
            defer { EVP_CIPHER_CTX_free(context) }
            guard EVP_DecryptInit_ex(context, Crypto.algorithms.aes256GCM, nil, key, nonce) == 1 else {
                throw .libcryptoFailure("EVP_DecryptInit_ex")
            }
            var written: Int32 = 0
            if !associatedData.isEmpty {
                guard EVP_DecryptUpdate(context, nil, &written, associatedData, Int32(associatedData.count)) == 1 else {
                    throw .authenticationFailed
                }
            }
            var plaintext = [UInt8](repeating: 0, count: ciphertext.count + AESCBC.blockLength)
            var produced = 0
            if !ciphertext.isEmpty {
                guard EVP_DecryptUpdate(context, &plaintext, &written, ciphertext, Int32(ciphertext.count)) == 1 else {
                    throw .authenticationFailed
                }
                produced = Int(written)
            }
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else {
                throw .libcryptoFailure("EVP_CIPHER_CTX_ctrl")
            }
            // The tag is checked here; on mismatch the plaintext produced so far is discarded.
            let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
                EVP_DecryptFinal_ex(context, buffer.baseAddress! + produced, &written)
            }
            guard verified == 1 else { throw .authenticationFailed }
            return Array(plaintext[..<(produced + Int(written))])
        }

        /// Seals with a caller-chosen nonce; internal so that only known-answer tests can fix it.
        static func seal(
            key: [UInt8], nonce: [UInt8], plaintext: [UInt8], associatedData: [UInt8]
        ) throws(CryptoError) -> [UInt8] {
            guard key.count == keyLength else { throw .invalidKeyLength(expected: keyLength, actual: key.count) }
            guard nonce.count == nonceLength else { throw .invalidIVLength(expected: nonceLength, actual: nonce.count) }
            guard plaintext.count <= Int(Int32.max) - 64 else { throw .inputTooLong(length: plaintext.count) }
            guard associatedData.count <= Int(Int32.max) else { throw .inputTooLong(length: associatedData.count) }

            guard let context = EVP_CIPHER_CTX_new() else { throw .libcryptoFailure("EVP_CIPHER_CTX_new") }
            defer { EVP_CIPHER_CTX_free(context) }
            guard EVP_EncryptInit_ex(context, Crypto.algorithms.aes256GCM, nil, key, nonce) == 1 else {
                throw .libcryptoFailure("EVP_EncryptInit_ex")
            }
            var written: Int32 = 0
            if !associatedData.isEmpty {
                guard EVP_EncryptUpdate(context, nil, &written, associatedData, Int32(associatedData.count)) == 1 else {
                    throw .libcryptoFailure("EVP_EncryptUpdate")
                }
            }
            var ciphertext = [UInt8](repeating: 0, count: plaintext.count + AESCBC.blockLength)
            var produced = 0
            if !plaintext.isEmpty {
                guard EVP_EncryptUpdate(context, &ciphertext, &written, plaintext, Int32(plaintext.count)) == 1 else {
                    throw .libcryptoFailure("EVP_EncryptUpdate")
                }
                produced = Int(written)
            }
            let finished = ciphertext.withUnsafeMutableBufferPointer { buffer in
                EVP_EncryptFinal_ex(context, buffer.baseAddress! + produced, &written)
            }
            guard finished == 1 else { throw .libcryptoFailure("EVP_EncryptFinal_ex") }
            produced += Int(written)
            var tag = [UInt8](repeating: 0, count: tagLength)
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag) == 1 else {
                throw .libcryptoFailure("EVP_CIPHER_CTX_ctrl")
            }
            return nonce + ciphertext[..<produced] + tag
        }
    }
}
