import Foundation
import Testing
import WXOpenSupport

@Suite struct Base64URLTests {
    @Test func encode_UsesTheURLAlphabet_WithoutPadding() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode([]) == "")
    }

    @Test(arguments: [0, 1, 2, 3, 31, 32, 33])
    func decode_ReversesEncode(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 250) }
        #expect(Base64URL.decode(Base64URL.encode(bytes)) == (count == 0 ? nil : bytes))
    }

    @Test(arguments: ["Zg==", "a+b", "a/b", "a b", "", "é"])
    func decode_RefusesCharactersOutsideTheAlphabet(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
