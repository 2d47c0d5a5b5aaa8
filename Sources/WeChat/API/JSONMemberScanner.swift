import Foundation

/// Finds the exact bytes of one member of a top-level JSON object, so a response part can be
/// kept verbatim (the console shows the raw `authorizer_info`). Only run on bodies that
/// JSONDecoder has already accepted, so it checks structure only as far as it needs to.
struct JSONMemberScanner {
    private let bytes: [UInt8]
    private var index = 0

    private init(_ data: Data) { bytes = Array(data) }

    /// The raw value of `name` in the top-level object of `data`, or nil.
    static func rawValue(ofMember name: String, in data: Data) -> Data? {
        var scanner = JSONMemberScanner(data)
        return scanner.find(name)
    }

    private mutating func find(_ name: String) -> Data? {
        skipWhitespace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        while true {
            skipWhitespace()
            guard let keyRange = skipString() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            let start = index
            guard skipValue() else { return nil }
            if Self.decodeKey(bytes[keyRange]) == name {
                return Data(bytes[start..<index])
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    private static func decodeKey(_ raw: ArraySlice<UInt8>) -> String? {
        // A key with escapes is rare; let JSONDecoder resolve them.
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw.dropFirst().dropLast(), as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(raw))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Skips a string including its quotes and returns its range.
    private mutating func skipString() -> Range<Int>? {
        let start = index
        guard consume(UInt8(ascii: "\"")) else { return nil }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return start..<index
            default: index += 1
            }
        }
        return nil
    }

    private mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
                if depth == 0 { return true }
            }
            return false
        default:
            // A number, true, false or null: runs to the next delimiter.
            let start = index
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
            }
            return index > start
        }
    }
}
