import Testing
import WXOpenSupport

@Suite struct RedactionTests {
    @Test func summary_IsFirstSixCharactersAndLength() {
        #expect(Redaction.summary("61_abcdefghij") == "61_abc…(13)")
        #expect(Redaction.summary("") == "(none)")
        #expect(Redaction.summary(nil) == "(none)")
    }

    @Test func scrub_ReplacesEverySecret_ButNotShortOnes() {
        let text = "token=secret-value-1 again secret-value-1 and pin=1234"
        #expect(Redaction.scrub(text, removing: ["secret-value-1", "1234"]) == "token=secret…(14) again secret…(14) and pin=1234")
    }
}
