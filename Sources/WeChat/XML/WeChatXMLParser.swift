#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte scanner behind `WeChatXML.parse`: lives for one call, over a buffer the caller keeps
/// alive. The rules it enforces are listed on `WeChatXML`; section numbers cite XML 1.0 (5th ed.).
struct WeChatXMLParser {
    let input: UnsafeBufferPointer<UInt8>
    let limits: WeChatXML.Limits
    var position = 0
    private var elementCount = 0

    init(input: UnsafeBufferPointer<UInt8>, limits: WeChatXML.Limits) {
        self.input = input
        self.limits = limits
    }

    mutating func parseDocument() throws(WeChatXMLError) -> XMLElement {
        if let offset = Self.firstInvalidCharacter(in: input) { throw .invalidCharacter(offset: offset) }
        if matches(Self.byteOrderMark) { position = Self.byteOrderMark.count }
        // §2.8: the declaration, if any, comes first; `<?xml-stylesheet` and friends are other PIs.
        if matches(Self.declarationOpen), position + 5 < input.count, Self.isWhitespace(input[position + 5]) {
            try parseDeclaration()
        }
        skipWhitespace()
        guard position < input.count else { throw .unexpectedEnd }
        guard input[position] == Self.lessThan else {
            throw .syntax(offset: position, expected: "'<' opening the root element")
        }
        try rejectMarkupDeclaration()
        let root = try parseElement(depth: 1)
        skipWhitespace()
        guard position == input.count else { throw .trailingContent(offset: position) }
        return root
    }

    private mutating func parseElement(depth: Int) throws(WeChatXMLError) -> XMLElement {
        guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        elementCount += 1
        guard elementCount <= limits.maxElements else { throw .tooManyElements(limit: limits.maxElements) }
        let start = position
        position += 1
        let nameRange = try parseName()
        let name = string(nameRange)
        if try skipAttributes() { return XMLElement(name: name) }

        var text = XMLTextBuilder(input: input)
        var children: [XMLElement] = []
        while true {
            guard position < input.count else { throw .unexpectedEnd }
            switch input[position] {
            case Self.lessThan:
                guard position + 1 < input.count else { throw .unexpectedEnd }
                switch input[position + 1] {
                case Self.slash:
                    try parseEndTag(matching: nameRange)
                    if children.isEmpty { return XMLElement(name: name, text: text.string()) }
                    guard text.isBlank() else { throw .mixedContent(offset: start) }
                    return XMLElement(name: name, children: children)
                case Self.exclamation, Self.question:
                    // Refuses everything but `<![CDATA[`.
                    try parseCDATA(into: &text)
                default:
                    children.append(try parseElement(depth: depth + 1))
                }
            case Self.ampersand:
                try parseReference(into: &text)
            default:
                try parseCharacterData(into: &text)
            }
        }
    }

    /// Skips the attributes of a start tag, checking that they are well formed (§3.1), and
    /// consumes `>` or `/>`. Returns true for an empty-element tag.
    private mutating func skipAttributes() throws(WeChatXMLError) -> Bool {
        var seen: [Range<Int>] = []
        while true {
            let spaced = skipWhitespace()
            guard position < input.count else { throw .unexpectedEnd }
            if input[position] == Self.greaterThan {
                position += 1
                return false
            }
            if input[position] == Self.slash {
                guard position + 1 < input.count else { throw .unexpectedEnd }
                guard input[position + 1] == Self.greaterThan else {
                    throw .syntax(offset: position + 1, expected: "'>' after '/'")
                }
                position += 2
                return true
            }
            guard spaced else { throw .syntax(offset: position, expected: "whitespace before an attribute") }
            guard seen.count < limits.maxAttributes else { throw .tooManyAttributes(limit: limits.maxAttributes) }
            let nameStart = position
            let name = try parseName()
            // §3.1 well-formedness constraint: Unique Att Spec.
            if seen.contains(where: { sameBytes($0, name) }) {
                throw .syntax(offset: nameStart, expected: "attribute names that do not repeat")
            }
            seen.append(name)
            skipWhitespace()
            try expect(Self.equals, "'=' after an attribute name")
            skipWhitespace()
            var discarded = XMLTextBuilder(input: input)
            try parseQuotedValue(into: &discarded, allowReferences: true)
        }
    }

    private mutating func parseEndTag(matching open: Range<Int>) throws(WeChatXMLError) {
        let start = position
        position += 2
        let close = try parseName()
        guard sameBytes(open, close) else {
            throw .mismatchedTag(offset: start, expected: string(open), found: string(close))
        }
        skipWhitespace()
        try expect(Self.greaterThan, "'>' closing an end tag")
    }

    /// §2.7. Adjacent sections simply append, which is how `]]>` inside text is carried
    /// (`]]]]><![CDATA[>`).
    private mutating func parseCDATA(into text: inout XMLTextBuilder) throws(WeChatXMLError) {
        try rejectMarkupDeclaration()
        let contentStart = position + Self.cdataOpen.count
        guard let end = firstCDATAEnd(from: contentStart) else { throw .unexpectedEnd }
        text.append(contentStart ..< end)
        position = end + 3
    }

    /// The offset of the first `]]>` at or after `start`. memchr, because the Encrypt section
    /// of every push is hundreds of bytes long.
    private func firstCDATAEnd(from start: Int) -> Int? {
        guard let base = input.baseAddress else { return nil }
        var index = start
        while index + 2 < input.count {
            guard let found = memchr(base + index, Int32(Self.closeBracket), input.count - 2 - index) else { return nil }
            let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if input[offset + 1] == Self.closeBracket, input[offset + 2] == Self.greaterThan { return offset }
            index = offset + 1
        }
        return nil
    }

    /// Text up to the next markup or reference. §2.4: `]]>` may not appear in it.
    private mutating func parseCharacterData(into text: inout XMLTextBuilder) throws(WeChatXMLError) {
        let start = position
        while position < input.count {
            let byte = input[position]
            if byte == Self.lessThan || byte == Self.ampersand { break }
            if byte == Self.greaterThan, position - start >= 2,
               input[position - 1] == Self.closeBracket, input[position - 2] == Self.closeBracket {
                throw .syntax(offset: position - 2, expected: "']]>' only as the end of a CDATA section")
            }
            position += 1
        }
        text.append(start ..< position)
    }

    /// Called at a `<!` or `<?`: only `<![CDATA[` may pass. A truncated `<![CDA` is a truncation,
    /// not forbidden markup, so that the error says what happened.
    private func rejectMarkupDeclaration() throws(WeChatXMLError) {
        guard position + 1 < input.count else { throw .unexpectedEnd }
        let next = input[position + 1]
        guard next == Self.exclamation || next == Self.question else { return }
        if matches(Self.cdataOpen) { return }
        let remaining = input.count - position
        if remaining < Self.cdataOpen.count, Self.cdataOpen.starts(with: input[position...]) {
            throw .unexpectedEnd
        }
        throw .forbiddenMarkup(offset: position)
    }
}
