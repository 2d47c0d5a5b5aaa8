import COpenSSL

extension Crypto {
    /// AES-CBC with OpenSSL's padding turned off: callers pad and unpad themselves, because
    /// WeChat pads messages to 32-byte blocks and OpenSSL's PKCS#7 check stops at 16 (see
    /// `Crypto.PKCS7`). A 32-byte key is AES-256 (message encryption), a 16-byte key AES-128
    /// (a mini program's session_key).
    public enum AESCBC {
        /// The AES-256 key length, WeChat's message encryption.
        public static let keyLength = 32
        /// The AES-128 key length, a mini program's session_key.
        public static let shortKeyLength = 16
        public static let ivLength = 16
        public static let blockLength = 16

        public static func encrypt(key: [UInt8], iv: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
            try run(encrypting: true, key: key, iv: iv, input: plaintext)
        }

        public static func decrypt(key: [UInt8], iv: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
            try run(encrypting: false, key: key, iv: iv, input: ciphertext)
        }

        private static func run(
            encrypting: Bool, key: [UInt8], iv: [UInt8], input: [UInt8]
        ) throws(CryptoError) -> [UInt8] {
            let cipher: OpaquePointer
            switch key.count {
            case keyLength: cipher = Crypto.algorithms.aes256CBC
            case shortKeyLength: cipher = Crypto.algorithms.aes128CBC
            default: throw .invalidKeyLength(expected: keyLength, actual: key.count)
            }
            guard iv.count == ivLength else { throw .invalidIVLength(expected: ivLength, actual: iv.count) }
            guard input.count % blockLength == 0 else { throw .inputNotBlockAligned(length: input.count) }
            guard input.count <= Int(Int32.max) - blockLength else { throw .inputTooLong(length: input.count) }
            guard !input.isEmpty else { return [] }

            guard let context = EVP_CIPHER_CTX_new() else { throw .libcryptoFailure("EVP_CIPHER_CTX_new") }
            defer { EVP_CIPHER_CTX_free(context) }
            guard EVP_CipherInit_ex(context, cipher, nil, key, iv, encrypting ? 1 : 0) == 1 else {
                throw .libcryptoFailure("EVP_CipherInit_ex")
            }
            guard EVP_CIPHER_CTX_set_padding(context, 0) == 1 else {
                throw .libcryptoFailure("EVP_CIPHER_CTX_set_padding")
            }

            var failedCall: String?
            // Unpadded CBC writes exactly as many bytes as it reads; the capacity has one spare block
            // because EVP_CipherUpdate is documented to need room for one more block than the input.
            let output = [UInt8](unsafeUninitializedCapacity: input.count + blockLength) { buffer, count in
                guard let base = buffer.baseAddress else { return }
                var updated: Int32 = 0
                var finished: Int32 = 0
                if EVP_CipherUpdate(context, base, &updated, input, Int32(input.count)) != 1 {
                    failedCall = "EVP_CipherUpdate"
                } else if EVP_CipherFinal_ex(context, base + Int(updated), &finished) != 1 {
                    failedCall = "EVP_CipherFinal_ex"
                } else {
                    count = Int(updated + finished)
                }
            }
            if let failedCall { throw .libcryptoFailure(failedCall) }
            guard output.count == input.count else { throw .libcryptoFailure("EVP_CipherFinal_ex") }
            return output
        }
    }
}
