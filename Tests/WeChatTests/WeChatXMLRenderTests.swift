import Testing
@testable import WeChat

@Suite struct WeChatXMLRenderTests {
    @Test func render_WritesStringsInCDATA_AndNumbersBare() {
        let xml = WeChatXML.render([("ToUserName", .text("gh_1")), ("CreateTime", .number(1413192605)), ("Info", .elements([("a", .plain("1"))]))])
        #expect(xml == "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1413192605</CreateTime><Info><a>1</a></Info></xml>")
    }

    @Test func render_SplitsCDATATerminator_AcrossTwoSections() {
        #expect(WeChatXML.render([("C", .text("a]]>b"))]) == "<xml><C><![CDATA[a]]]]><![CDATA[>b]]></C></xml>")
    }

    @Test func render_EscapesPlainText() {
        #expect(WeChatXML.render([("P", .plain("1<2&3>]]>"))]) == "<xml><P>1&lt;2&amp;3&gt;]]&gt;</P></xml>")
    }

    @Test func render_ReplacesCharactersXMLCannotCarry() throws {
        let xml = WeChatXML.render([("C", .text("a\u{0}b\u{FFFF}")), ("P", .plain("\u{1B}"))])
        #expect(try WeChatXML.parse(xml).leafFields == ["C": "a\u{FFFD}b\u{FFFD}", "P": "\u{FFFD}"])
    }

    @Test(arguments: ["", " ", "]]>", "]]]]>>", "a]]>b]]>c", "]", "]]", ">", "<&>'\"", "中文😀", "\r\n\t", "&amp;", "<![CDATA[x]]>"])
    func parse_ReadsBackRenderedText_ExactlyAsTextAndAsPlain(text: String) throws {
        let root = try WeChatXML.parse(WeChatXML.render([("C", .text(text)), ("P", .plain(text))]))
        #expect(root.text(of: "C") == text)
        #expect(root.text(of: "P") == text)
    }

    @Test func parse_ReadsBackRenderedNesting() throws {
        let xml = WeChatXML.render([("A", .text("1")), ("info", .elements([("name", .text("n")), ("deep", .elements([("x", .number(-5))]))]))])
        #expect(try WeChatXML.parse(xml) == XMLElement(name: "xml", children: [
            XMLElement(name: "A", text: "1"),
            XMLElement(name: "info", children: [
                XMLElement(name: "name", text: "n"),
                XMLElement(name: "deep", children: [XMLElement(name: "x", text: "-5")]),
            ]),
        ]))
    }
}
