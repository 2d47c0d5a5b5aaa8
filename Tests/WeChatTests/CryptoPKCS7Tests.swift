import Testing
import WeChat

@Suite struct CryptoPKCS7Tests {
    @Test func pad_AddsAWholeBlock_WhenAligned() {
        #expect(Crypto.PKCS7.pad(Array(repeating: 7, count: 16), blockSize: 16) == Array(repeating: 7, count: 16) + Array(repeating: 16, count: 16))
        #expect(Crypto.PKCS7.pad([1, 2, 3], blockSize: 16) == [1, 2, 3] + Array(repeating: 13, count: 13))
    }

    @Test func unpad_Reverses_Pad_ForBothBlockSizes() {
        for blockSize in [16, 32] {
            for length in [0, 1, 15, 16, 17, 31, 32, 33] {
                let bytes = (0..<length).map { UInt8($0 % 251) }
                #expect(Crypto.PKCS7.unpad(Crypto.PKCS7.pad(bytes, blockSize: blockSize), blockSize: blockSize) == bytes)
            }
        }
    }

    @Test func unpad_RefusesMalformedPadding() {
        #expect(Crypto.PKCS7.unpad([], blockSize: 16) == nil)
        #expect(Crypto.PKCS7.unpad(Array(repeating: 0, count: 16), blockSize: 16) == nil)
        #expect(Crypto.PKCS7.unpad(Array(repeating: 17, count: 16), blockSize: 16) == nil, "a pad byte above the block size")
        #expect(Crypto.PKCS7.unpad(Array(repeating: 1, count: 14) + [3, 2], blockSize: 16) == nil, "the pad bytes disagree")
        #expect(Crypto.PKCS7.unpad(Array(repeating: 1, count: 15), blockSize: 16) == nil, "not whole blocks")
    }

    @Test func aes128CBC_RoundTrips_WithASixteenByteKey() throws {
        let key = Array(UInt8(1)...UInt8(16)), iv = Array(repeating: UInt8(9), count: 16)
        let plain = Crypto.PKCS7.pad(Array(#"{"openId":"o","watermark":{"appid":"wx1"}}"#.utf8), blockSize: 16)
        let sealed = try Crypto.AESCBC.encrypt(key: key, iv: iv, plaintext: plain)
        #expect(sealed != plain)
        #expect(try Crypto.AESCBC.decrypt(key: key, iv: iv, ciphertext: sealed) == plain)
        // The same bytes under AES-256 with a longer key are a different cipher.
        let longKey = key + key
        #expect(try Crypto.AESCBC.encrypt(key: longKey, iv: iv, plaintext: plain) != sealed)
    }

    /// NIST SP 800-38A F.2.1, CBC-AES128.Encrypt, first block.
    @Test func aes128CBC_MatchesNISTVector() throws {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c"), iv = hex("000102030405060708090a0b0c0d0e0f")
        let sealed = try Crypto.AESCBC.encrypt(key: key, iv: iv, plaintext: hex("6bc1bee22e409f96e93d7e117393172a"))
        #expect(Crypto.hex(sealed) == "7649abac8119b246cee98e9b12e9197d")
    }

    @Test func aesCBC_RefusesOtherKeyLengths() {
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 24)) {
            try Crypto.AESCBC.encrypt(key: Array(repeating: 0, count: 24), iv: Array(repeating: 0, count: 16), plaintext: [])
        }
    }

    private func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
