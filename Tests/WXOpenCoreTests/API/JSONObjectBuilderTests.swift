import Foundation
import Testing
@testable import WXOpenCore

@Suite struct JSONObjectBuilderTests {
    @Test func output_IsValidJSON_WithEscapes() throws {
        var json = JSONObjectBuilder()
        json.add("plain", "61_abcDEF-xyz")
        json.add("tricky", "quote\" backslash\\ newline\n tab\t bell\u{07} 中文")
        json.add("number", 7200)
        json.add("at", Date(timeIntervalSince1970: 1_800_000_000))
        let decoded = try #require(try JSONSerialization.jsonObject(with: json.data) as? [String: Any])
        #expect(decoded["plain"] as? String == "61_abcDEF-xyz")
        #expect(decoded["tricky"] as? String == "quote\" backslash\\ newline\n tab\t bell\u{07} 中文")
        #expect(decoded["number"] as? Int == 7200)
        #expect(decoded["at"] as? String == "2027-01-15T08:00:00Z")
    }
}
