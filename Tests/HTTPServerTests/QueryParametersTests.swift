import Testing
@testable import HTTPServer

@Suite struct QueryParametersTests {
    @Test func queryEncoding_RoundTrips() throws {
        var query = QueryParameters()
        query.append("redirect_uri", "https://a.example/cb?x=1&y=2")
        query.append("name", "中 文")
        let decoded = try QueryParameters(parsing: query.encoded)
        #expect(decoded == query)
        #expect(query.encoded == "redirect_uri=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1%26y%3D2&name=%E4%B8%AD%20%E6%96%87")
    }
}
