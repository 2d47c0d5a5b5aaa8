import Foundation
import HTTPServer

/// A small JSON object written by hand, for the hottest responses (the access-token endpoints):
/// `JSONEncoder` costs more than everything else those requests do. Keys are literals; string
/// values are escaped per RFC 8259 §7.
public struct JSONObjectBuilder {
    private var bytes: [UInt8]

    /// `capacity`: room for the whole object, so appending never reallocates.
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func add(_ key: StaticString, _ value: String) {
        appendKey(key)
        Self.appendString(value, to: &bytes)
    }

    public mutating func add(_ key: StaticString, _ value: Int) {
        appendKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func add(_ key: StaticString, _ value: Date) { add(key, RFC3339.format(value)) }

    public var data: Data {
        var bytes = bytes
        bytes.append(UInt8(ascii: "}"))
        return Data(bytes)
    }

    private mutating func appendKey(_ key: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Tokens and appids never need escaping: copy them whole.
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x00..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(contentsOf: String(byte, radix: 16).leftPadded(to: 2).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
