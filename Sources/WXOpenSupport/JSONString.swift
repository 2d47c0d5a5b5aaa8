/// A JSON string literal (RFC 8259 §7): the quote, the backslash and control characters are
/// escaped, nothing else. For the JSON written by hand on hot paths and in the store's journal.
public enum JSONString {
    /// Appends `"value"`, escaped, to `bytes`. `escapingDelete` escapes DEL (0x7F) as well, as
    /// JSON allows but does not need: the logger's quoting is this with it.
    public static func append(_ value: String, to bytes: inout [UInt8], escapingDelete: Bool = false) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        // Runs between escapes are copied whole: tokens and appids have none at all.
        value.withUTF8 { utf8 in
            var runStart = 0, position = 0
            while position < utf8.count {
                let byte = utf8[position]
                if needsEscape(byte) || (escapingDelete && byte == 0x7F) {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart ..< position]))
                    runStart = position + 1
                    appendEscaped(byte, to: &bytes)
                }
                position += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"value"`, escaped.
    public static func quoted(_ value: String) -> String { quoted(value, escapingDelete: false) }

    public static func quoted(_ value: String, escapingDelete: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        append(value, to: &bytes, escapingDelete: escapingDelete)
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always) static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let hex = Array("0123456789abcdef".utf8)

    @inline(__always) private static func appendEscaped(_ byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x00..<0x20, 0x7F:
            bytes.append(contentsOf: "\\u00".utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        default: bytes.append(byte)
        }
    }
}
