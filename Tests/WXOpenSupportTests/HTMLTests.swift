import Testing
import WXOpenSupport

@Suite struct HTMLTests {
    @Test func escape_EscapesTheFiveCharacters() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func escape_KeepsEverythingElse() {
        #expect(HTML.escape("授权 café / = `") == "授权 café / = `")
    }
}
