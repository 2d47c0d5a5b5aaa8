import Testing
@testable import WeChat

@Suite struct Base64Tests {
    // RFC 4648 §10.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func encodeAndDecode_MatchRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func decode_RoundTripsEveryByteValue() {
        let bytes = (0 ... 255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test(arguments: ["Zm9", "Zm9v\n", " Zm9v", "Zm=v", "Z===", "Zm9v====", "Zm-v", "Zm_v", "Zh=="])
    func decode_ReturnsNil_ForAnythingButStrictBase64(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func decode_AcceptsNonZeroTrailingBits_OnlyWhenNotCanonical() {
        #expect(Base64.decode("Zh==") == nil)
        #expect(Base64.decode("Zh==", canonical: false) == [0x66])
    }
}
