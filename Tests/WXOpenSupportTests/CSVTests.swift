import Testing
import WXOpenSupport

@Suite struct CSVTests {
    @Test func row_JoinsByCommas_AndEndsWithCRLF() {
        #expect(CSV.row(["a", "b", ""]) == "a,b,\r\n")
    }

    @Test func field_IsQuoted_OnlyWhenItHoldsACommaQuoteOrLineBreak() {
        #expect(CSV.field("星河咖啡") == "星河咖啡")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field(#"say "hi""#) == #""say ""hi""""#)
        #expect(CSV.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSV.field("cr\rlf") == "\"cr\rlf\"")
    }

    @Test func field_StartingLikeAFormula_GetsALeadingApostrophe() {
        #expect(CSV.field("=HYPERLINK(\"http://x\")") == #""'=HYPERLINK(""http://x"")""#)
        #expect(CSV.field("+1") == "'+1")
        #expect(CSV.field("-2") == "'-2")
        #expect(CSV.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.field("\t=1") == "'\t=1")
        #expect(CSV.field("a=b") == "a=b")
        #expect(CSV.field("") == "")
    }
}
