import Testing
@testable import WeChat

/// Decryption checks, one per rule, driven by ciphertexts changed or crafted on purpose. CBC is
/// malleable: flipping bit b of ciphertext byte i garbles plaintext block i/16 and flips bit b of
/// plaintext byte i+16, which is how each test reaches exactly one check.
@Suite struct MessageCryptoTamperTests {
    let vector = CryptoVector.named("ticket-push")

    func flipping(_ encrypt: String, byte index: Int, mask: UInt8 = 0x80) -> String {
        var ciphertext = Base64.decode(encrypt)!
        ciphertext[index] ^= mask
        return Base64.encode(ciphertext)
    }

    /// Encrypts raw plaintext bytes with the vector's key, bypassing MessageCrypto's framing.
    func rawCiphertext(_ plain: [UInt8]) throws -> String {
        let key = try EncodingAESKey(vector.encodingAESKey)
        return Base64.encode(try Crypto.AESCBC.encrypt(key: key.key, iv: key.iv, plaintext: plain))
    }

    /// prefix ‖ length ‖ message ‖ appid, padded to 32 with `pad`.
    func framed(_ message: [UInt8], declaredLength: Int? = nil, appID: String? = nil) -> [UInt8] {
        let length = UInt32(declaredLength ?? message.count)
        var plain = Array("aaaabbbbccccdddd".utf8)
        plain += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        plain += message + Array((appID ?? vector.appId).utf8)
        let pad = 32 - plain.count % 32
        return plain + [UInt8](repeating: UInt8(pad), count: pad)
    }

    @Test func decrypt_Fails_WhenFinalBlockPaddingIsTampered() throws {
        // The vector pads with 24; byte 271 of the ciphertext sits over the last plaintext byte.
        #expect(throws: MessageCryptoError.badPadding) {
            try vector.crypto().decrypt(flipping(vector.encrypt, byte: 271))
        }
    }

    @Test func decrypt_Fails_WhenLastCiphertextBlockIsTampered() throws {
        #expect(throws: MessageCryptoError.badPadding) {
            try vector.crypto().decrypt(flipping(vector.encrypt, byte: 287, mask: 0x01))
        }
    }

    @Test func decrypt_Fails_WhenLengthFieldBlockIsTampered() throws {
        // Byte 0 sits over plaintext byte 16, the high byte of the length: it now claims 2 GiB.
        #expect(throws: MessageCryptoError.badLength) {
            try vector.crypto().decrypt(flipping(vector.encrypt, byte: 0))
        }
    }

    @Test func decrypt_Fails_WhenAppIDBlockIsTampered() throws {
        // A 2-byte message puts the appid at plaintext byte 22, under ciphertext byte 6, so only
        // the random prefix is garbled along with it.
        let encrypt = try vector.crypto().encrypt("hi", randomPrefix: Array("aaaabbbbccccdddd".utf8))
        #expect(try vector.crypto().decrypt(encrypt).plaintext == "hi")
        #expect(throws: MessageCryptoError.appIDMismatch) {
            try vector.crypto().decrypt(flipping(encrypt, byte: 6, mask: 0x01))
        }
    }

    @Test func decrypt_Fails_WhenPaddingByteIsZero() throws {
        var plain = framed(Array("hello".utf8))
        plain[plain.count - 1] = 0
        #expect(throws: MessageCryptoError.badPadding) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Fails_WhenPaddingByteIs33() throws {
        let plain = Array(framed(Array("hello".utf8)).prefix(43)) + [UInt8](repeating: 33, count: 33) + [UInt8](repeating: 33, count: 20)
        #expect(plain.count % 16 == 0)
        #expect(throws: MessageCryptoError.badPadding) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Fails_WhenPaddingBytesDiffer() throws {
        var plain = framed(Array("hello".utf8))
        plain[plain.count - 2] ^= 0x01
        #expect(throws: MessageCryptoError.badPadding) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Fails_WhenPaddingIsLongerThanTheData() throws {
        let plain = [UInt8](repeating: 20, count: 16)
        #expect(throws: MessageCryptoError.badPadding) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Accepts_PaddingOf32() throws {
        let plain = framed(Array(String(repeating: "m", count: 26).utf8))
        #expect(plain.last == 32)
        #expect(try vector.crypto().decrypt(rawCiphertext(plain)).plaintext == String(repeating: "m", count: 26))
    }

    @Test func decrypt_Fails_WhenContentIsShorterThanPrefixAndLength() throws {
        let plain = [UInt8](repeating: 0x61, count: 16) + [UInt8](repeating: 16, count: 16)
        #expect(throws: MessageCryptoError.badLength) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Fails_WhenDeclaredLengthRunsPastTheData() throws {
        let plain = framed(Array("hello".utf8), declaredLength: 5 + 18 + 1)
        #expect(throws: MessageCryptoError.badLength) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Fails_WhenMessageIsNotUTF8() throws {
        let plain = framed([0x68, 0xC3, 0x28])
        #expect(throws: MessageCryptoError.badLength) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test func decrypt_Fails_WhenAppIDIsEmptyInsteadOfOurs() throws {
        let plain = framed(Array("hello".utf8), appID: "")
        #expect(throws: MessageCryptoError.appIDMismatch) { try vector.crypto().decrypt(rawCiphertext(plain)) }
    }

    @Test(arguments: ["not base64!", "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmk=\n", "jn1L23DB 6ELqJ+6", "jn1L23DB+6ELqJ+6bruv21Y", "ab=c", "====", "QR==", "QUJ="])
    func decrypt_Fails_WhenInputIsNotStrictBase64(input: String) throws {
        #expect(throws: MessageCryptoError.badBase64) { try vector.crypto().decrypt(input) }
    }

    @Test(arguments: ["", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="])
    func decrypt_Fails_WhenCiphertextIsNotWholeBlocks(input: String) throws {
        #expect(throws: MessageCryptoError.badLength) { try vector.crypto().decrypt(input) }
    }
}
