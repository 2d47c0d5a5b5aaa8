import Testing
@testable import WeChat

@Suite struct CryptoAESTests {
    // NIST SP 800-38A, F.2.5 / F.2.6 (CBC-AES256).
    let cbcKey = bytes(hex: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    let cbcIV = bytes(hex: "000102030405060708090a0b0c0d0e0f")
    let cbcPlaintext = bytes(hex: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
    let cbcCiphertext = bytes(hex: "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
        + "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b")

    @Test func cbcEncrypt_MatchesNISTVector_WithoutAddingPadding() throws {
        #expect(try Crypto.AESCBC.encrypt(key: cbcKey, iv: cbcIV, plaintext: cbcPlaintext) == cbcCiphertext)
    }

    @Test func cbcDecrypt_MatchesNISTVector_WithoutRemovingPadding() throws {
        #expect(try Crypto.AESCBC.decrypt(key: cbcKey, iv: cbcIV, ciphertext: cbcCiphertext) == cbcPlaintext)
    }

    @Test func cbcDecrypt_KeepsBytesThatLookLikePadding() throws {
        let plaintext = [UInt8](repeating: 0x20, count: 32)
        let ciphertext = try Crypto.AESCBC.encrypt(key: cbcKey, iv: cbcIV, plaintext: plaintext)
        #expect(ciphertext.count == 32)
        #expect(try Crypto.AESCBC.decrypt(key: cbcKey, iv: cbcIV, ciphertext: ciphertext) == plaintext)
    }

    @Test func cbc_Throws_WhenKeyIsNot32Bytes() {
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 31)) {
            try Crypto.AESCBC.encrypt(key: Array(cbcKey.dropLast()), iv: cbcIV, plaintext: cbcPlaintext)
        }
    }

    @Test func cbc_Throws_WhenIVIsNot16Bytes() {
        #expect(throws: CryptoError.invalidIVLength(expected: 16, actual: 15)) {
            try Crypto.AESCBC.decrypt(key: cbcKey, iv: Array(cbcIV.dropLast()), ciphertext: cbcCiphertext)
        }
    }

    @Test func cbc_Throws_WhenInputIsNotWholeBlocks() {
        #expect(throws: CryptoError.inputNotBlockAligned(length: 17)) {
            try Crypto.AESCBC.decrypt(key: cbcKey, iv: cbcIV, ciphertext: Array(cbcCiphertext[..<17]))
        }
    }

    // The GCM specification's test cases 14 and 16 (AES-256).
    @Test func gcmSeal_MatchesGCMSpecTestCase14() throws {
        let sealed = try Crypto.AESGCM.seal(
            key: [UInt8](repeating: 0, count: 32), nonce: [UInt8](repeating: 0, count: 12),
            plaintext: [UInt8](repeating: 0, count: 16), associatedData: [])
        #expect(Crypto.hex(sealed) == "000000000000000000000000"
            + "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919")
    }

    @Test func gcmSeal_MatchesGCMSpecTestCase16_WithAssociatedData() throws {
        let key = bytes(hex: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        let nonce = bytes(hex: "cafebabefacedbaddecaf888")
        let plaintext = bytes(hex: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        let associatedData = bytes(hex: "feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let sealed = try Crypto.AESGCM.seal(key: key, nonce: nonce, plaintext: plaintext, associatedData: associatedData)
        #expect(Crypto.hex(sealed) == "cafebabefacedbaddecaf888"
            + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
            + "76fc6ece0f4e1768cddf8853bb2d551b")
        #expect(try Crypto.AESGCM.open(key: key, sealed: sealed, associatedData: associatedData) == plaintext)
    }

    @Test func gcm_RoundTrips_WithRandomNonce() throws {
        let key = Crypto.randomBytes(32)
        let plaintext = Array("refresh-token-value".utf8)
        let sealed = try Crypto.AESGCM.seal(key: key, plaintext: plaintext, associatedData: Array("row-7".utf8))
        #expect(sealed.count == 12 + plaintext.count + 16)
        #expect(try Crypto.AESGCM.open(key: key, sealed: sealed, associatedData: Array("row-7".utf8)) == plaintext)
    }

    @Test func gcmSeal_UsesAFreshNonceEachTime() throws {
        let key = Crypto.randomBytes(32)
        let first = try Crypto.AESGCM.seal(key: key, plaintext: [1, 2, 3])
        let second = try Crypto.AESGCM.seal(key: key, plaintext: [1, 2, 3])
        #expect(first[..<12] != second[..<12])
    }

    @Test func gcm_RoundTrips_EmptyPlaintext() throws {
        let key = Crypto.randomBytes(32)
        let sealed = try Crypto.AESGCM.seal(key: key, plaintext: [])
        #expect(sealed.count == 28)
        #expect(try Crypto.AESGCM.open(key: key, sealed: sealed) == [])
    }

    @Test func gcmOpen_Fails_WhenAnyByteIsChanged() throws {
        let key = Crypto.randomBytes(32)
        let sealed = try Crypto.AESGCM.seal(key: key, plaintext: Array("secret".utf8), associatedData: [7])
        for index in sealed.indices {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: CryptoError.authenticationFailed) {
                try Crypto.AESGCM.open(key: key, sealed: tampered, associatedData: [7])
            }
        }
    }

    @Test func gcmOpen_Fails_WhenAssociatedDataDiffers() throws {
        let key = Crypto.randomBytes(32)
        let sealed = try Crypto.AESGCM.seal(key: key, plaintext: [1], associatedData: [7])
        #expect(throws: CryptoError.authenticationFailed) { try Crypto.AESGCM.open(key: key, sealed: sealed, associatedData: [8]) }
        #expect(throws: CryptoError.authenticationFailed) { try Crypto.AESGCM.open(key: key, sealed: sealed) }
    }

    @Test func gcmOpen_Fails_WithAnotherKey() throws {
        let sealed = try Crypto.AESGCM.seal(key: Crypto.randomBytes(32), plaintext: [1, 2, 3])
        #expect(throws: CryptoError.authenticationFailed) { try Crypto.AESGCM.open(key: Crypto.randomBytes(32), sealed: sealed) }
    }

    @Test func gcmOpen_Fails_WhenTruncatedBelowNonceAndTag() throws {
        let key = Crypto.randomBytes(32)
        let sealed = try Crypto.AESGCM.seal(key: key, plaintext: [])
        #expect(throws: CryptoError.authenticationFailed) { try Crypto.AESGCM.open(key: key, sealed: Array(sealed.dropLast())) }
    }

    @Test func gcm_Throws_WhenKeyIsNot32Bytes() {
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 16)) {
            try Crypto.AESGCM.seal(key: [UInt8](repeating: 1, count: 16), plaintext: [1])
        }
        #expect(throws: CryptoError.invalidKeyLength(expected: 32, actual: 16)) {
            try Crypto.AESGCM.open(key: [UInt8](repeating: 1, count: 16), sealed: [UInt8](repeating: 0, count: 40))
        }
    }
}
