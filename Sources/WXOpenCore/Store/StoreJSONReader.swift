import Foundation

/// Reads the JSON of stored records back, one value at a time, with no intermediate tree and
/// no `Codable` machinery (which made loading 100,000 accounts take seconds). It accepts RFC 8259
/// JSON (whitespace, escapes in strings, members in any order, unknown members skipped) except
/// escaped object keys, which the store never writes, and throws `StoreJSONReader.Failure` with the
/// byte offset on anything else.
struct StoreJSONReader: ~Copyable {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Where reading continues; a caller may move it back to re-read a value it skipped.
    var offset: Int

    /// `bytes` (memory bound to UInt8, as a byte array's is) must outlive the reader.
    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes.assumingMemoryBound(to: UInt8.self)
        self.offset = offset
    }

    func failure(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

    // MARK: Structure

    mutating func beginObject() throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        pendingFirstMember = true
    }

    /// One flag serves nested objects too: once any value is complete, the object holding it
    /// is past its first member.
    private var pendingFirstMember = false

    /// The next member's key (its raw bytes, which the store never escapes), or nil at the
    /// object's end. Call after `beginObject`, and after reading or skipping each value.
    mutating func nextKey() throws -> Key? {
        if let key = nextCompactKey() { return key }
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end inside an object") }
        if bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            pendingFirstMember = false
            return nil
        }
        if !pendingFirstMember { try expect(UInt8(ascii: ",")) }
        pendingFirstMember = false
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = offset
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\"") {
            if bytes[offset] == UInt8(ascii: "\\") { throw failure("escaped object key") }
            offset += 1
        }
        let key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start ..< offset]))
        try expect(UInt8(ascii: "\""))
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// The form the store writes, `,"key":` with no whitespace and no escape, read in one pass
    /// (a quarter of a snapshot's bytes are keys and their punctuation). Nil, the offset
    /// unchanged, on anything else, an object's end included: `nextKey` then reads it the general
    /// way, so the two always agree.
    private mutating func nextCompactKey() -> Key? {
        var position = offset
        if !pendingFirstMember {
            guard position < bytes.count, bytes[position] == UInt8(ascii: ",") else { return nil }
            position += 1
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\") { return nil }
            position += 1
        }
        // Past the end unless the loop stopped at the closing quote.
        guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ":") else { return nil }
        offset = position + 2
        pendingFirstMember = false
        skipWhitespace()
        return Key(bytes: UnsafeBufferPointer(rebasing: bytes[start ..< position]))
    }

    /// Consumes `null` if it comes next.
    mutating func readNull() -> Bool {
        skipWhitespace()
        guard offset + 4 <= bytes.count, bytes[offset] == UInt8(ascii: "n"), bytes[offset + 1] == UInt8(ascii: "u"),
              bytes[offset + 2] == UInt8(ascii: "l"), bytes[offset + 3] == UInt8(ascii: "l")
        else { return false }
        offset += 4
        return true
    }

    mutating func skipValue() throws {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("value expected") }
        switch bytes[offset] {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "{"):
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case UInt8(ascii: "["):
            offset += 1
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return }
            while true {
                try skipValue()
                skipWhitespace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return }
                try expect(UInt8(ascii: ","))
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try readNumberText()
        }
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard offset == bytes.count else { throw failure("trailing bytes after the value") }
    }

    // MARK: Values

    mutating func readString() throws -> String {
        skipWhitespace()
        let start = offset + 1
        if let raw = try readUnescapedString() { return String(decoding: raw, as: UTF8.self) }
        return try readEscapedString(from: start)
    }

    /// A string's bytes as they stand, for one without escapes (what the store writes but for
    /// quotes, backslashes and control characters): no String is made. Nil when it holds an
    /// escape; the offset is then at the backslash.
    mutating func readUnescapedString() throws -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = offset
        skipPlainStringBytes()
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return UnsafeBufferPointer(rebasing: bytes[start ..< offset - 1])
            }
            if byte == UInt8(ascii: "\\") { return nil }
            if byte < 0x20 { throw failure("control character in a string") }
            offset += 1
        }
        throw failure("unterminated string")
    }

    // MARK: Helpers

    /// Moves past string bytes that need no attention (no quote, backslash or control
    /// character) eight at a time: tokens and URLs are most of a snapshot's bytes, and a byte at
    /// a time was the reader's largest cost. Stops at or before the first byte that does.
    private mutating func skipPlainStringBytes() {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawBufferPointer(bytes)
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A byte's high bit is set in each test when that byte is (or, for bytes of 0x80 and
            // up, may be) a quote, a backslash or below 0x20; the `& ~word` clears bytes >= 0x80.
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\""))), backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            let special = ((quote &- ones) | (backslash &- ones) | (word &- ones &* 0x20)) & ~word & highs
            guard special == 0 else { return }
            offset += 8
        }
    }

    /// The slow path, from the first backslash: unescaped runs are copied whole.
    private mutating func readEscapedString(from start: Int) throws -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(2 * (offset - start) + 64)
        var runStart = start
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "\""), byte >= 0x20 {
                offset += 1
                continue
            }
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart ..< offset]))
            offset += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: utf8, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else { throw failure("control character in a string") }
            guard offset < bytes.count else { throw failure("unterminated escape") }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"): utf8.append(contentsOf: try readUnicodeEscape())
            default: throw failure("unknown escape")
            }
            runStart = offset
        }
        throw failure("unterminated string")
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` when the first is a high surrogate.
    private mutating func readUnicodeEscape() throws -> [UInt8] {
        var scalar = try readHex4()
        if (0xD800 ..< 0xDC00).contains(scalar) {
            guard offset + 2 <= bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw failure("lone surrogate")
            }
            offset += 2
            let low = try readHex4()
            guard (0xDC00 ..< 0xE000).contains(low) else { throw failure("lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid unicode escape") }
        return Array(String(Character(unicode)).utf8)
    }

    private mutating func readHex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("short unicode escape") }
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            guard let digit = Character(Unicode.Scalar(bytes[offset])).hexDigitValue else { throw failure("bad unicode escape") }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Lines passed their checksum, so their bytes are the UTF-8 the store wrote; should a
    /// hand-edited line hold invalid UTF-8, it is repaired (U+FFFD) rather than refused.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count,
              memcmp(bytes.baseAddress! + offset, word.utf8Start, count) == 0
        else { throw failure("unknown literal") }
        offset += count
    }

    mutating func expect(_ byte: UInt8) throws {
        guard offset < bytes.count, bytes[offset] == byte else {
            throw failure("expected \"\(Character(Unicode.Scalar(byte)))\"")
        }
        offset += 1
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// An object key as raw bytes, matched against the names in a `switch` without making a String.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        static func ~= (name: StaticString, key: Key) -> Bool {
            name.utf8CodeUnitCount == key.bytes.count && memcmp(name.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }
}
