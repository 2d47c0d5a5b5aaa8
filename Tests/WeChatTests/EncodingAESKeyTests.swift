import Testing
@testable import WeChat

@Suite struct EncodingAESKeyTests {
    @Test func init_DecodesKey_AndTakesIVFromItsFirst16Bytes() throws {
        let key = try EncodingAESKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
        #expect(Crypto.hex(key.key) == "69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051")
        #expect(key.iv == Array(key.key[..<16]))
    }

    @Test func init_IgnoresUnusedLowBitsOfLastCharacter_AsWeChatKeysHaveThem() throws {
        // 'G' and 'E' differ only in the two bits that fall outside the 32 bytes.
        let g = try EncodingAESKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
        let e = try EncodingAESKey("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE")
        #expect(g.key == e.key)
    }

    @Test(arguments: [
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", "EncodingAESKey must be 43 characters, found 42"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH", "EncodingAESKey must be 43 characters, found 44"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=", "EncodingAESKey must be 43 characters without the trailing '='"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDE-G", "EncodingAESKey character 42 is not a base64 letter, digit, '+' or '/'"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCD\u{00E9}FG", "EncodingAESKey character 41 is not a base64 letter, digit, '+' or '/'"),
        ("", "EncodingAESKey must be 43 characters, found 0"),
    ])
    func validate_ExplainsWhyKeyIsUnusable(key: String, reason: String) {
        #expect(EncodingAESKey.validate(key) == reason)
        #expect(throws: MessageCryptoError.invalidKey) { try EncodingAESKey(key) }
    }

    @Test func validate_ReturnsNil_ForUsableKey() {
        #expect(EncodingAESKey.validate("abcdefghijklmnopqrstuvwxyz0123456789+/CDEFG") == nil)
    }
}
