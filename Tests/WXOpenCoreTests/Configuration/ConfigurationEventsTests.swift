import Foundation
import Testing
@testable import WXOpenCore

/// Issue 16: `"events": {"keepDays": 90}`, the event log's retention, instead of a fixed count.
@Suite struct ConfigurationEventsTests {
    func parse(_ members: String) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(Data("{\(ConfigurationActingTests.component)\(members.isEmpty ? "" : ", " + members)}".utf8))
    }

    @Test func keepDays_Defaults_To90() throws {
        #expect(try parse("").events.keepDays == 90)
    }

    @Test func keepDays_IsRead() throws {
        #expect(try parse(#""events": {"keepDays": 30}"#).events.keepDays == 30)
    }

    @Test func keepDays_OutOfRange_OrAnUnknownKey_NamesTheKey() {
        for members in [#""events": {"keepDays": 0}"#, #""events": {"keepDays": "90"}"#] {
            do {
                _ = try parse(members)
                Issue.record("accepted \(members)")
            } catch {
                #expect(error.key == "events.keepDays")
            }
        }
        do {
            _ = try parse(#""events": {"capacity": 10000}"#)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.key == "events.capacity")
        }
    }
}
