import Foundation
import Testing
import WXOpenSupport

@Suite struct JSONStringTests {
    @Test func quoted_EscapesQuoteBackslashAndControls_KeepsUnicodeAndSlashes() {
        #expect(JSONString.quoted("\"\\\n\r\t\u{01}\u{1F}/中文") == #""\"\\\n\r\t\u0001\u001f/中文""#)
    }

    @Test func quoted_TextWithoutEscapes_IsCopiedWhole() {
        #expect(JSONString.quoted("61_abcDEF-_") == #""61_abcDEF-_""#)
        #expect(JSONString.quoted("") == #""""#)
    }

    @Test(arguments: ["a\"b", "\u{0}\u{7F}", "line\nline", "é\\ü", String(repeating: "x\"", count: 100)])
    func quoted_ReadsBackAsTheSameString(text: String) throws {
        let decoded = try JSONDecoder().decode(String.self, from: Data(JSONString.quoted(text).utf8))
        #expect(decoded == text)
    }

    @Test func append_AddsToWhatIsThere() {
        var bytes = Array("[".utf8)
        JSONString.append("a", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"["a""#)
    }
}
