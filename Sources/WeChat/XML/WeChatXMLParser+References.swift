/// Entity and character references (§4.1) and the XML declaration (§2.8).
extension WeChatXMLParser {
    /// The longest reference accepted, `&` to `;` inclusive. `&#x10FFFF;` is 10 bytes; the slack
    /// allows a few leading zeros without letting a scan run on.
    private static let maxReferenceLength = 16

    private static let predefinedEntities: [(name: [UInt8], value: UInt8)] = [
        (Array("lt".utf8), UInt8(ascii: "<")), (Array("gt".utf8), UInt8(ascii: ">")),
        (Array("amp".utf8), UInt8(ascii: "&")), (Array("apos".utf8), UInt8(ascii: "'")),
        (Array("quot".utf8), UInt8(ascii: "\"")),
    ]

    /// Resolves the reference at `position` (an `&`) into `text`. Only the five predefined
    /// entities and `&#N;` / `&#xH;` naming a character §2.2 allows; there is no DTD, so any
    /// other name is undeclared and refused (§4.1 WFC: Entity Declared).
    mutating func parseReference(into text: inout XMLTextBuilder) throws(WeChatXMLError) {
        let start = position
        var end = start + 1
        while end < input.count, input[end] != Self.semicolon, end - start < Self.maxReferenceLength { end += 1 }
        guard end < input.count else { throw .unexpectedEnd }
        guard input[end] == Self.semicolon else { throw .invalidReference(offset: start) }
        let body = input[(start + 1) ..< end]

        if body.first == UInt8(ascii: "#") {
            guard let scalar = Self.characterReference(body.dropFirst()) else { throw .invalidReference(offset: start) }
            text.append(scalar)
        } else if let entity = Self.predefinedEntities.first(where: { $0.name.elementsEqual(body) }) {
            text.append(Unicode.Scalar(entity.value))
        } else {
            throw .invalidReference(offset: start)
        }
        position = end + 1
    }

    /// `N` or `xH` (lowercase x only, §4.1 CharRef) to a scalar XML allows, or nil.
    private static func characterReference(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Unicode.Scalar? {
        var digits = digits
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = digitValue(byte, radix: radix) else { return nil }
            value = value * radix + digit
            guard value <= 0x10FFFF else { return nil }
        }
        guard isXMLCharacter(value) else { return nil }
        return Unicode.Scalar(value)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f") where radix == 16: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F") where radix == 16: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `<?xml version="1.x" encoding="UTF-8" standalone="yes|no"?>`, in that order, encoding and
    /// standalone optional (§2.8, §4.3.3). Anything else, other encodings included, is refused:
    /// the input has already been read as UTF-8.
    mutating func parseDeclaration() throws(WeChatXMLError) {
        let start = position
        let refused = WeChatXMLError.syntax(offset: start, expected: "an XML declaration of version 1.x in UTF-8")
        position += Self.declarationOpen.count
        var pseudoAttributes: [(name: String, value: String)] = []
        while true {
            let spaced = skipWhitespace()
            if position + 1 < input.count, input[position] == Self.question, input[position + 1] == Self.greaterThan {
                position += 2
                break
            }
            guard position < input.count else { throw .unexpectedEnd }
            guard spaced else { throw refused }
            let name = string(try parseName())
            skipWhitespace()
            try expect(Self.equals, "'=' in the XML declaration")
            skipWhitespace()
            var value = XMLTextBuilder(input: input)
            try parseQuotedValue(into: &value, allowReferences: false)
            pseudoAttributes.append((name, value.string()))
        }

        let expectedOrder = ["version", "encoding", "standalone"]
        var nextAllowed = 0
        for (name, value) in pseudoAttributes {
            guard let rank = expectedOrder.firstIndex(of: name), rank >= nextAllowed else { throw refused }
            if nextAllowed == 0, rank != 0 { throw refused }
            nextAllowed = rank + 1
            switch name {
            case "version":
                let minor = value.utf8.dropFirst(2)
                guard value.hasPrefix("1."), !minor.isEmpty, minor.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw refused
                }
            case "encoding": guard value.lowercased() == "utf-8" else { throw refused }
            default: guard value == "yes" || value == "no" else { throw refused }
            }
        }
        guard nextAllowed > 0 else { throw refused }
    }
}
