import Foundation
import Testing
import WXOpenSupport

@Suite struct RFC3339Tests {
    @Test func format_IsUTC_WithOptionalMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.125)
        #expect(RFC3339.format(date) == "2027-01-15T08:00:00Z")
        #expect(RFC3339.format(date, milliseconds: true) == "2027-01-15T08:00:00.125Z")
    }

    @Test func format_PadsSmallFields() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 3_661)) == "1970-01-01T01:01:01Z")
    }
}
