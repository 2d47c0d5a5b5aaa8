import Testing
@testable import WeChat

@Suite struct WeChatXMLTests {
    @Test func parse_ReadsLeafFields_InCDATAAndPlainText() throws {
        let root = try WeChatXML.parse(CryptoVector.named("ticket-push").plaintext)
        #expect(root.name == "xml")
        #expect(root.text == "")
        #expect(root.children.map(\.name) == ["AppId", "CreateTime", "InfoType", "ComponentVerifyTicket"])
        #expect(root.leafFields == [
            "AppId": "wxb11529c136998cb6", "CreateTime": "1413192605",
            "InfoType": "component_verify_ticket", "ComponentVerifyTicket": "ticket@@@sample-0001",
        ])
    }

    @Test func parse_AcceptsDeclarationByteOrderMarkAndLayoutWhitespace() throws {
        let document = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes'?>\n<xml>\n  <A>1</A>\n  <B><![CDATA[two]]></B>\n</xml>\n"
        let root = try WeChatXML.parse(document)
        #expect(root == XMLElement(name: "xml", children: [XMLElement(name: "A", text: "1"), XMLElement(name: "B", text: "two")]))
    }

    @Test(arguments: [
        "<?xml version=\"1.0\" encoding=\"GBK\"?><xml/>",
        "<?xml encoding=\"UTF-8\"?><xml/>",
        "<?xml version=\"2.0\"?><xml/>",
        "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><xml/>",
        "<?xml version=\"1.0\"encoding=\"UTF-8\"?><xml/>",
    ])
    func parse_Fails_WhenDeclarationIsNotVersion1InUTF8(document: String) {
        #expect(throws: WeChatXMLError.syntax(offset: 0, expected: "an XML declaration of version 1.x in UTF-8")) {
            try WeChatXML.parse(document)
        }
    }

    @Test func parse_Fails_WhenDeclarationIsNotFirst() {
        #expect(throws: WeChatXMLError.forbiddenMarkup(offset: 1)) { try WeChatXML.parse(" <?xml version=\"1.0\"?><xml/>") }
    }

    @Test func parse_KeepsNestedElements() throws {
        let root = try WeChatXML.parse("<xml><Event>scancode_push</Event><ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo></xml>")
        #expect(root.child(named: "ScanCodeInfo")?.leafFields == ["ScanType": "qrcode", "ScanResult": "1"])
        #expect(root.leafFields == ["Event": "scancode_push"])
    }

    @Test func parse_KeepsWhitespaceInsideLeafText() throws {
        #expect(try WeChatXML.parse("<xml><Content> a\n b </Content></xml>").text(of: "Content") == " a\n b ")
    }

    @Test func parse_ReadsEmptyElementTag_AsEmptyText() throws {
        #expect(try WeChatXML.parse("<xml><A/><B></B></xml>").leafFields == ["A": "", "B": ""])
    }

    @Test func parse_JoinsAdjacentCDATASections_SoSplitTerminatorSurvives() throws {
        let root = try WeChatXML.parse("<xml><C><![CDATA[a]]]]><![CDATA[>b]]></C></xml>")
        #expect(root.text(of: "C") == "a]]>b")
    }

    @Test func parse_JoinsTextCDATAAndReferences() throws {
        #expect(try WeChatXML.parse("<x>1<![CDATA[<b>&amp;]]>&amp;2</x>").text == "1<b>&amp;&2")
    }

    @Test func parse_ResolvesPredefinedEntities() throws {
        #expect(try WeChatXML.parse("<x>&lt;&gt;&amp;&apos;&quot;</x>").text == "<>&'\"")
    }

    @Test func parse_ResolvesCharacterReferences() throws {
        #expect(try WeChatXML.parse("<x>&#x3C;&#60;&#x4e2d;&#x1F600;&#0000065;</x>").text == "<<中😀A")
    }

    @Test(arguments: ["&foo;", "&#0;", "&#x0;", "&#xD800;", "&#x110000;", "&#xFFFE;", "&#X3C;", "&#;", "&#x;",
                      "&#12a;", "&lt ;", "&#99999999999999999999;", "&;"])
    func parse_Fails_OnUnknownOrInvalidReference(reference: String) {
        #expect(throws: WeChatXMLError.invalidReference(offset: 3)) { try WeChatXML.parse("<x>\(reference)</x>") }
    }

    @Test func parse_Fails_OnRawControlCharacter() {
        #expect(throws: WeChatXMLError.invalidCharacter(offset: 4)) { try WeChatXML.parse("<x>a\u{01}</x>") }
        #expect(throws: WeChatXMLError.invalidCharacter(offset: 3)) { try WeChatXML.parse("<x>\u{FFFE}</x>") }
    }

    @Test func parse_FindsForbiddenCharacter_AtAnyOffsetInLongInput() {
        for padding in 0 ..< 24 {
            let text = String(repeating: "a", count: padding)
            #expect(throws: WeChatXMLError.invalidCharacter(offset: 3 + padding)) { try WeChatXML.parse("<x>\(text)\u{1F}bcdefghijkl</x>") }
            #expect(throws: WeChatXMLError.invalidCharacter(offset: 3 + padding)) { try WeChatXML.parse("<x>\(text)\u{FFFF}bcdefghijkl</x>") }
        }
    }

    @Test func parse_AcceptsTabsNewlinesAndPrivateUseCharacters() throws {
        let text = "\t\r\n\u{F8FF}\u{FFFD}\u{EFFF}中文\u{7F}"
        #expect(try WeChatXML.parse("<x>\(text)</x>").text == text)
    }

    @Test func parse_Fails_OnCDATATerminatorInText() {
        #expect(throws: WeChatXMLError.syntax(offset: 4, expected: "']]>' only as the end of a CDATA section")) {
            try WeChatXML.parse("<x>a]]>b</x>")
        }
    }

    @Test func parse_RejectsBillionLaughs_BeforeExpandingAnything() throws {
        var document = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1 ... 9 {
            document += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        document += "]>\n<xml><A>&lol9;</A></xml>"
        let start = ContinuousClock.now
        // Offset 22 is the DOCTYPE itself: refused before a single entity is read.
        #expect(throws: WeChatXMLError.forbiddenMarkup(offset: 22)) { try WeChatXML.parse(document) }
        // Expanding would take minutes and gigabytes; the bound is generous because a loaded CI
        // machine can take seconds to resume the test.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func parse_RejectsDoctypeWithExternalEntity() {
        let document = "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><A>&xxe;</A></xml>"
        #expect(throws: WeChatXMLError.forbiddenMarkup(offset: 0)) { try WeChatXML.parse(document) }
    }

    @Test(arguments: [
        ("<xml><!ENTITY x \"y\"><A>1</A></xml>", 5),
        ("<xml><!-- note --><A>1</A></xml>", 5),
        ("<xml><?pi data?><A>1</A></xml>", 5),
        ("<!-- note --><xml/>", 0),
        ("<xml><A><!DOCTYPE x></A></xml>", 8),
    ])
    func parse_RejectsMarkupOtherThanCDATA(document: String, offset: Int) {
        #expect(throws: WeChatXMLError.forbiddenMarkup(offset: offset)) { try WeChatXML.parse(document) }
    }

    @Test func parse_Fails_WhenInputExceedsSizeLimit() {
        let document = "<xml><A>" + String(repeating: "a", count: 65_536) + "</A></xml>"
        #expect(throws: WeChatXMLError.tooLarge(limit: 65_536)) { try WeChatXML.parse(document) }
        #expect(throws: WeChatXMLError.tooLarge(limit: 65_536)) { try WeChatXML.parse(Array(document.utf8)) }
        #expect(throws: WeChatXMLError.tooLarge(limit: 10)) { try WeChatXML.parse("<xml>12345</xml>", limits: .init(maxBytes: 10)) }
    }

    @Test func parse_Fails_WithUnexpectedEnd_ForEveryTruncation() throws {
        let document = "<xml><A x=\"1\">a&amp;b</A><B><![CDATA[c]]></B><C/></xml>"
        _ = try WeChatXML.parse(document)
        let bytes = Array(document.utf8)
        for length in 0 ..< bytes.count {
            #expect(throws: WeChatXMLError.unexpectedEnd) { try WeChatXML.parse(Array(bytes[..<length])) }
        }
    }

    @Test func parse_Fails_OnMismatchedTags() {
        #expect(throws: WeChatXMLError.mismatchedTag(offset: 9, expected: "A", found: "B")) {
            try WeChatXML.parse("<xml><A>1</B></xml>")
        }
        #expect(throws: WeChatXMLError.mismatchedTag(offset: 13, expected: "xml", found: "xm")) {
            try WeChatXML.parse("<xml><A>1</A></xm>")
        }
    }

    @Test(arguments: [("<xml/>x", 6), ("<xml/><xml/>", 6), ("<xml/> <!-- c -->", 7), ("<a></a>\n]]>", 8)])
    func parse_Fails_OnTrailingContent(document: String, offset: Int) {
        #expect(throws: WeChatXMLError.trailingContent(offset: offset)) { try WeChatXML.parse(document) }
    }

    @Test func parse_Fails_OnTextBeforeRoot() {
        #expect(throws: WeChatXMLError.syntax(offset: 0, expected: "'<' opening the root element")) { try WeChatXML.parse("x<xml/>") }
    }

    @Test func parse_EnforcesDepthLimit() throws {
        func nested(_ depth: Int) -> String {
            (0 ..< depth).map { "<e\($0)>" }.joined() + "x" + (0 ..< depth).reversed().map { "</e\($0)>" }.joined()
        }
        #expect(try WeChatXML.parse(nested(16)).name == "e0")
        #expect(throws: WeChatXMLError.tooDeep(limit: 16)) { try WeChatXML.parse(nested(17)) }
        #expect(throws: WeChatXMLError.tooDeep(limit: 2)) { try WeChatXML.parse(nested(3), limits: .init(maxDepth: 2)) }
    }

    @Test func parse_EnforcesElementCountLimit() throws {
        let document = "<xml>" + String(repeating: "<A/>", count: 1_023) + "</xml>"
        #expect(try WeChatXML.parse(document).children.count == 1_023)
        #expect(throws: WeChatXMLError.tooManyElements(limit: 1_024)) { try WeChatXML.parse(document.replacing("</xml>", with: "<A/><A/></xml>")) }
    }

    @Test func parse_EnforcesAttributeLimit() throws {
        let attributes = (0 ..< 16).map { "a\($0)=\"\"" }.joined(separator: " ")
        #expect(try WeChatXML.parse("<xml \(attributes)/>").name == "xml")
        #expect(throws: WeChatXMLError.tooManyAttributes(limit: 16)) { try WeChatXML.parse("<xml \(attributes) b=\"\"/>") }
    }

    @Test func parse_ResolvesLongRunsOfReferences() throws {
        let document = "<x>" + String(repeating: "&amp;&#x4e2d;", count: 4_000) + "</x>"
        #expect(try WeChatXML.parse(document).text == String(repeating: "&中", count: 4_000))
    }

    @Test func parse_Fails_OnMixedContent() {
        #expect(throws: WeChatXMLError.mixedContent(offset: 0)) { try WeChatXML.parse("<xml>text<A>1</A></xml>") }
        #expect(throws: WeChatXMLError.mixedContent(offset: 0)) { try WeChatXML.parse("<xml><A>1</A><![CDATA[x]]></xml>") }
    }

    @Test func parse_ToleratesAndIgnoresWellFormedAttributes() throws {
        let root = try WeChatXML.parse("<xml a=\"1\" b='&lt;'  ><A c = \"x\">v</A><B d=\"\"/></xml>")
        #expect(root == XMLElement(name: "xml", children: [XMLElement(name: "A", text: "v"), XMLElement(name: "B")]))
    }

    @Test(arguments: [
        ("<xml a=\"1\" a=\"2\"/>", WeChatXMLError.syntax(offset: 11, expected: "attribute names that do not repeat")),
        ("<xml a=\"<\"/>", .syntax(offset: 8, expected: "no '<' inside a quoted value")),
        ("<xml a=1/>", .syntax(offset: 7, expected: "a quoted value")),
        ("<xml a/>", .syntax(offset: 6, expected: "'=' after an attribute name")),
        ("<xml a=\"1\"b=\"2\"/>", .syntax(offset: 10, expected: "whitespace before an attribute")),
        ("<xml a=\"&bad;\"/>", .invalidReference(offset: 8)),
    ])
    func parse_Fails_OnMalformedAttributes(document: String, error: WeChatXMLError) {
        #expect(throws: error) { try WeChatXML.parse(document) }
    }

    @Test(arguments: ["<中文>1</中文>", "<1a/>", "< xml/>", "<-x/>"])
    func parse_Fails_OnNamesOutsideTheASCIISubset(document: String) {
        #expect(throws: WeChatXMLError.syntax(offset: 1, expected: "a name")) { try WeChatXML.parse(document) }
    }

    @Test func parse_Fails_WhenBytesAreNotUTF8() {
        #expect(throws: WeChatXMLError.notUTF8) { try WeChatXML.parse([0x3C, 0x78, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x78, 0x3E]) }
    }
}
