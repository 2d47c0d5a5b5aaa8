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

    @Test func parse_ReadsWhatFormatWrites_AndOffsets() {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RFC3339.parse(RFC3339.format(date)) == date)
        #expect(RFC3339.parse("2027-01-15T16:00:00+08:00") == date)
        #expect(RFC3339.parse("2027-01-15t08:00:00.5z") == date + 0.5)
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339.parse("2024-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: ["", "2027-01-15", "2027-01-15T08:00:00", "2027-13-01T00:00:00Z", "2027-02-29T00:00:00Z",
                      "2027-01-15T24:00:00Z", "2027-01-15T08:00:60Z", "2027-01-15T08:00:00.Z", "2027-01-15T08:00:00Zjunk",
                      "2027-01-15 08:00:00Z", "2027-01-15T08:00:00+0800"])
    func parse_RefusesAnythingElse(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    /// The access log writes its own milliseconds and `Z` after this.
    @Test func appendDateTime_WritesTheUTCSecond_WithoutAZone() {
        var text = "ts="
        RFC3339.appendDateTime(seconds: 1_700_000_000, to: &text)
        #expect(text == "ts=2023-11-14T22:13:20")
        var epoch = ""
        RFC3339.appendDateTime(seconds: 0, to: &epoch)
        #expect(epoch == "1970-01-01T00:00:00")
    }
}
