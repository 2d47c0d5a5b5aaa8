#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers of the parser: names, whitespace, quoted values, character checks.
extension WeChatXMLParser {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let exclamation = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let ampersand = UInt8(ascii: "&")
    static let semicolon = UInt8(ascii: ";")
    static let equals = UInt8(ascii: "=")
    static let closeBracket = UInt8(ascii: "]")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let declarationOpen: [UInt8] = Array("<?xml".utf8)
    static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)

    /// §2.3 S.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// ASCII subset of §2.3 NameStartChar; WeChat's element names are all ASCII.
    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x3A
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
    }

    /// §2.2 Char, for a scalar value.
    static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20 ... 0xD7FF, 0xE000 ... 0xFFFD, 0x10000 ... 0x10FFFF: true
        default: false
        }
    }

    /// §2.2 over valid UTF-8: the control characters other than tab, LF and CR, and U+FFFE and
    /// U+FFFF (EF BF BE, EF BF BF). Surrogates cannot occur in valid UTF-8.
    static func firstInvalidCharacter(in input: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = input.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = 0
        // Eight bytes at a time, skipping words with no byte below 0x20 and no 0xEF, the only
        // bytes that can begin a forbidden character; this runs over every byte of every push.
        while index + 8 <= input.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
            let xorEF = word ^ 0xEFEF_EFEF_EFEF_EFEF
            let hasEF = (xorEF &- 0x0101_0101_0101_0101) & ~xorEF & 0x8080_8080_8080_8080
            if belowSpace | hasEF != 0 {
                for candidate in index ..< index + 8 where isForbidden(at: candidate, in: input) { return candidate }
            }
            index += 8
        }
        for candidate in index ..< input.count where isForbidden(at: candidate, in: input) { return candidate }
        return nil
    }

    private static func isForbidden(at index: Int, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        let byte = input[index]
        if byte < 0x20 { return byte != 0x09 && byte != 0x0A && byte != 0x0D }
        return byte == 0xEF && index + 2 < input.count && input[index + 1] == 0xBF && input[index + 2] & 0xFE == 0xBE
    }

    func matches(_ literal: [UInt8]) -> Bool {
        guard input.count - position >= literal.count else { return false }
        for (offset, byte) in literal.enumerated() where input[position + offset] != byte { return false }
        return true
    }

    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while position < input.count, Self.isWhitespace(input[position]) { position += 1 }
        return position > start
    }

    mutating func expect(_ byte: UInt8, _ description: String) throws(WeChatXMLError) {
        guard position < input.count else { throw .unexpectedEnd }
        guard input[position] == byte else { throw .syntax(offset: position, expected: description) }
        position += 1
    }

    /// Reads a name and returns its byte range. A name cannot end a document, so running out of
    /// input here is a truncation.
    mutating func parseName() throws(WeChatXMLError) -> Range<Int> {
        let start = position
        guard position < input.count else { throw .unexpectedEnd }
        guard Self.isNameStart(input[position]) else { throw .syntax(offset: position, expected: "a name") }
        position += 1
        while position < input.count, Self.isNameCharacter(input[position]) { position += 1 }
        guard position < input.count else { throw .unexpectedEnd }
        return start ..< position
    }

    /// Reads a quoted value (§2.3 AttValue) into `text`: no `<` inside, references resolved.
    mutating func parseQuotedValue(into text: inout XMLTextBuilder, allowReferences: Bool) throws(WeChatXMLError) {
        guard position < input.count else { throw .unexpectedEnd }
        let quote = input[position]
        guard quote == Self.doubleQuote || quote == Self.singleQuote else {
            throw .syntax(offset: position, expected: "a quoted value")
        }
        position += 1
        var runStart = position
        while true {
            guard position < input.count else { throw .unexpectedEnd }
            let byte = input[position]
            if byte == quote {
                text.append(runStart ..< position)
                position += 1
                return
            }
            if byte == Self.lessThan { throw .syntax(offset: position, expected: "no '<' inside a quoted value") }
            if byte == Self.ampersand {
                guard allowReferences else { throw .invalidReference(offset: position) }
                text.append(runStart ..< position)
                try parseReference(into: &text)
                runStart = position
            } else {
                position += 1
            }
        }
    }

    func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = input.baseAddress, !a.isEmpty else { return true }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self)
    }
}
