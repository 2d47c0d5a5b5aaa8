import Testing
import WXOpenSupport

@Suite struct PercentEncodingTests {
    @Test func encode_KeepsOnlyUnreserved() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("https://a.b/c?d=e&f=g h|i+j") == "https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f%3Dg%20h%7Ci%2Bj")
        #expect(PercentEncoding.encode("授权") == "%E6%8E%88%E6%9D%83")
    }

    @Test func query_EncodesNamesAndValues_InOrder() {
        #expect(PercentEncoding.query([("b", "x y"), ("a", "&")]) == "b=x%20y&a=%26")
    }

    @Test func decode_ReversesEncode_AndTreatsPlusAsSpaceOnlyInForms() throws {
        #expect(try PercentEncoding.decode("%E6%8E%88%e6%9d%83+a", plusAsSpace: true) == "授权 a")
        #expect(try PercentEncoding.decode("a+b", plusAsSpace: false) == "a+b")
        let text = "https://a.b/c?d=e&f=g h|i+j 授权"
        #expect(try PercentEncoding.decode(PercentEncoding.encode(text), plusAsSpace: false) == text)
    }

    @Test(arguments: ["%", "%4", "%G1", "a%zz"])
    func decode_MalformedEscape_Throws(text: String) {
        #expect(throws: PercentEncoding.DecodingError.malformedEscape) { try PercentEncoding.decode(text, plusAsSpace: false) }
    }

    @Test func decode_BytesThatAreNotUTF8_Throw() {
        #expect(throws: PercentEncoding.DecodingError.invalidUTF8) { try PercentEncoding.decode("%C3%28", plusAsSpace: false) }
    }
}
