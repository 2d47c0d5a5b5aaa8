import Testing
@testable import WeChat

@Suite struct CryptoTests {
    @Test func sha1_MatchesFIPS180Example_ForABC() {
        #expect(Crypto.hex(Crypto.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func sha1_MatchesKnownDigest_ForEmptyInput() {
        #expect(Crypto.hex(Crypto.sha1([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func sha256_MatchesFIPS180Example_ForABC() {
        #expect(Crypto.hex(Crypto.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256Hex_HashesTheUTF8Bytes() {
        #expect(Crypto.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hex_IsLowercaseTwoDigitsPerByte() {
        #expect(Crypto.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Crypto.hex([]) == "")
    }

    @Test func hmacSHA256_MatchesRFC4231TestCase2() {
        let mac = Crypto.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Crypto.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hmacSHA256_MatchesKnownAnswer_ForEmptyKeyAndMessage() {
        #expect(Crypto.hex(Crypto.hmacSHA256(key: [], message: []))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test(arguments: [
        (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    ])
    func pbkdf2SHA256_MatchesRFC6070StyleVectors(iterations: Int, expected: String) {
        let key = Crypto.pbkdf2SHA256(
            password: Array("password".utf8), salt: Array("salt".utf8), iterations: iterations, length: 32)
        #expect(Crypto.hex(key) == expected)
    }

    @Test func pbkdf2SHA256_DerivesRequestedLength_BeyondOneHashBlock() {
        let key = Crypto.pbkdf2SHA256(
            password: Array("passwordPASSWORDpassword".utf8), salt: Array("saltSALTsaltSALTsaltSALTsaltSALTsalt".utf8),
            iterations: 4096, length: 40)
        #expect(Crypto.hex(key) == "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9")
    }

    @Test func randomBytes_ReturnsRequestedCount_AndFreshBytesEachCall() {
        let first = Crypto.randomBytes(32)
        let second = Crypto.randomBytes(32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(Crypto.randomBytes(0) == [])
    }

    @Test func constantTimeEquals_IsTrue_OnlyForIdenticalBytes() {
        #expect(Crypto.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Crypto.constantTimeEquals([9, 2, 3], [1, 2, 3]))
        #expect(Crypto.constantTimeEquals([], []))
    }

    @Test func constantTimeEquals_IsFalse_WhenLengthsDiffer() {
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!Crypto.constantTimeEquals([], [0]))
        #expect(!Crypto.constantTimeEquals("abc", "abcd"))
    }

    @Test func constantTimeEquals_ComparesStringsByUTF8() {
        #expect(Crypto.constantTimeEquals("签名abc", "签名abc"))
        #expect(!Crypto.constantTimeEquals("签名abc", "签名abd"))
    }
}
