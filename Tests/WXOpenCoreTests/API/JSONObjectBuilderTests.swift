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

/// Pages of authorizers are written by hand; deliveries still use `Encodable`. Both must give the
/// same bytes, or a client would see an account differently on the two paths.
@Suite struct AuthorizerJSONWritingTests {
    @Test func handWrittenObject_MatchesEncoder_WithEverythingPresent() throws {
        var record = StoreFixtures.authorizer("wxfull0001", status: .needsReauthorization)
        record.revokedAt = StoreFixtures.now.addingTimeInterval(-5)
        record.lastRefreshError = "40001 invalid credential \\ / \u{01}"
        let json = AuthorizerJSON(record)
        #expect(String(decoding: json.object.data, as: UTF8.self) == String(decoding: try APIResponse.encoder.encode(json), as: UTF8.self))
    }

    @Test func handWrittenObject_MatchesEncoder_WithOptionalsAbsent() throws {
        var record = AuthorizerRecord(appID: "wxbare0001", componentAppID: StoreFixtures.componentAppID, updatedAt: StoreFixtures.now)
        record.funcInfo = []
        let json = AuthorizerJSON(record)
        let written = String(decoding: json.object.data, as: UTF8.self)
        #expect(written == String(decoding: try APIResponse.encoder.encode(json), as: UTF8.self))
        #expect(!written.contains("nick_name") && written.contains(#""func_info":[]"#))
    }

    @Test func page_HasNullCursorOnTheLastPage_AndTheTotal() throws {
        let records = [StoreFixtures.authorizer("wxpage0001"), StoreFixtures.authorizer("wxpage0002")]
        let last = InternalAPIRoutes.pageJSON(AuthorizerPage(authorizers: records, nextCursor: nil, totalMatching: 2))
        let decoded = try #require(try JSONSerialization.jsonObject(with: last.data) as? [String: Any])
        #expect(decoded["next_cursor"] is NSNull)
        #expect(decoded["total"] as? Int == 2)
        let listed = try #require(decoded["authorizers"] as? [[String: Any]])
        #expect(listed.map { $0["authorizer_appid"] as? String } == ["wxpage0001", "wxpage0002"])
        let more = InternalAPIRoutes.pageJSON(AuthorizerPage(authorizers: [], nextCursor: "c1", totalMatching: 9))
        #expect(String(decoding: more.data, as: UTF8.self) == #"{"authorizers":[],"next_cursor":"c1","total":9}"#)
    }
}
