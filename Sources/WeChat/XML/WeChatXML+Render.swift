extension WeChatXML {
    /// Renders `<xml>` (or another root) with the given children, the way WeChat writes its
    /// documents: no declaration, no whitespace, strings in CDATA. `parse` reads back exactly
    /// what went in, except for characters XML 1.0 cannot carry at all (most control characters,
    /// U+FFFE, U+FFFF), which become U+FFFD so that the document stays well formed.
    ///
    /// Names must match `[A-Za-z_:][A-Za-z0-9_:.-]*`; they come from code, so another name is a
    /// programming error.
    public static func render(_ children: [(String, XMLValue)], root: String = "xml") -> String {
        var output = ""
        output.reserveCapacity(64 + children.count * 48)
        appendElement(root, .elements(children), to: &output)
        return output
    }

    private static func appendElement(_ name: String, _ value: XMLValue, to output: inout String) {
        precondition(isValidName(name), "WeChatXML.render: '\(name)' is not an element name")
        output += "<\(name)>"
        switch value {
        case .text(let text):
            appendCDATA(text, to: &output)
        case .plain(let text):
            appendEscaped(text, to: &output)
        case .elements(let children):
            for (childName, childValue) in children { appendElement(childName, childValue, to: &output) }
        }
        output += "</\(name)>"
    }

    /// §2.7: a CDATA section ends at the first `]]>`, so that sequence is split across two
    /// sections, `]]` closing the first and `>` opening the next.
    private static func appendCDATA(_ text: String, to output: inout String) {
        output += "<![CDATA["
        output += sanitized(text).replacing("]]>", with: "]]]]><![CDATA[>")
        output += "]]>"
    }

    private static func appendEscaped(_ text: String, to output: inout String) {
        for character in sanitized(text) {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
    }

    private static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !WeChatXMLParser.isXMLCharacter($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(WeChatXMLParser.isXMLCharacter(scalar.value) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, WeChatXMLParser.isNameStart(first) else { return false }
        return name.utf8.allSatisfy(WeChatXMLParser.isNameCharacter)
    }
}
