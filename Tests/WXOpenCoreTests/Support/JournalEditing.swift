import Foundation
@testable import WXOpenCore

/// Edits journal and snapshot files the way a crash, a disk or an attacker would, for recovery
/// and tamper tests.
enum JournalEditing {
    /// The file's lines, each with its newline.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            current.append(byte)
            if byte == UInt8(ascii: "\n") { lines.append(current); current = [] }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The JSON of a framed line, as text.
    static func json(of line: [UInt8]) -> String {
        String(decoding: line.dropFirst(JournalLine.checksumLength + 1).dropLast(), as: UTF8.self)
    }

    /// A line with new JSON and a checksum that matches it: an edit made on purpose.
    static func reframed(_ json: String) -> [UInt8] {
        JournalLine.frame(Array(json.utf8))
    }

    /// The line with one byte of its JSON flipped: damage that the checksum catches.
    static func damaged(_ line: [UInt8], at offset: Int = 20) -> [UInt8] {
        var line = line
        line[JournalLine.checksumLength + 1 + offset] ^= 0x01
        return line
    }

    /// The value of `"key":"…"` in a line's JSON.
    static func stringValue(_ key: String, in json: String) -> String? {
        guard let start = json.range(of: "\"\(key)\":\"") else { return nil }
        let rest = json[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
