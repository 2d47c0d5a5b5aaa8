extension MessageCrypto {
    /// Encrypts `message` for WeChat with the given key. The 16 leading bytes are random unless
    /// `randomPrefix` fixes them, which only known-answer tests should do.
    public func encrypt(_ message: String, key slot: KeySlot = .current, randomPrefix: [UInt8]? = nil) -> String {
        let prefix = randomPrefix ?? Crypto.randomBytes(Self.randomPrefixLength)
        precondition(prefix.count == Self.randomPrefixLength, "MessageCrypto.encrypt: randomPrefix must be 16 bytes")
        let messageBytes = Array(message.utf8)
        precondition(messageBytes.count <= Int(UInt32.max), "MessageCrypto.encrypt: message too long")

        var plain = prefix
        plain.reserveCapacity(prefix.count + 4 + messageBytes.count + appID.utf8.count + 32)
        let length = UInt32(messageBytes.count)
        plain += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        plain += messageBytes
        plain += appID.utf8
        // PKCS#7 to 32-byte blocks: always at least one byte, a whole block when already aligned.
        plain = Crypto.PKCS7.pad(plain, blockSize: 32)

        let encodingKey = key(for: slot)
        guard let ciphertext = try? Crypto.AESCBC.encrypt(key: encodingKey.key, iv: encodingKey.iv, plaintext: plain) else {
            Crypto.libcryptoFailed("EVP_CipherUpdate")
        }
        return Base64.encode(ciphertext)
    }

    /// The XML reply WeChat expects for an encrypted message: the reply encrypted with `key`
    /// (the one that opened the message), its signature, and the timestamp and nonce it covers.
    public func encryptedReply(_ message: String, key: KeySlot, timestamp: String, nonce: String) -> String {
        let encrypted = encrypt(message, key: key)
        return WeChatXML.render([
            ("Encrypt", .text(encrypted)),
            ("MsgSignature", .text(signature(timestamp: timestamp, nonce: nonce, encrypt: encrypted))),
            ("TimeStamp", .plain(timestamp)),
            ("Nonce", .text(nonce)),
        ])
    }
}
