import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How every line of the journal and the snapshot is framed:
///
///     <checksum> <json>\n
///
/// `checksum` is the CRC-32C of the JSON bytes as 8 lowercase hex digits. It tells a line torn
/// by a crash, or damaged on disk, from an intact one; JSON escapes every control character, so
/// a newline only ever ends a line.
enum JournalLine {
    static let checksumLength = 8
    static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func frame(_ json: [UInt8]) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(checksumLength + 2 + json.count)
        let crc = json.withUnsafeBytes { CRC32C.checksum($0) }
        for shift in stride(from: 28, through: 0, by: -4) { line.append(hexDigits[Int((crc >> UInt32(shift)) & 0xF)]) }
        line.append(space)
        line.append(contentsOf: json)
        line.append(newline)
        return line
    }

    /// The JSON of a line without its newline, or nil if the line is malformed or its checksum
    /// does not match.
    static func unframe(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard line.count > checksumLength + 1, line[line.startIndex + checksumLength] == space else { return nil }
        var expected: UInt32 = 0
        for byte in line.prefix(checksumLength) {
            guard let digit = hexValue(byte) else { return nil }
            expected = expected << 4 | digit
        }
        let json = line[(line.startIndex + checksumLength + 1)...]
        return json.withUnsafeBytes { CRC32C.checksum($0) } == expected ? json : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        default: nil
        }
    }

    /// Byte ranges of the lines in `bytes`, each without its newline, and whether it had one.
    static func split(_ bytes: [UInt8]) -> [(range: Range<Int>, complete: Bool)] {
        var lines: [(range: Range<Int>, complete: Bool)] = []
        var start = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while start < buffer.count {
                if let found = memchr(base + start, Int32(newline), buffer.count - start) {
                    let end = base.distance(to: UnsafeRawPointer(found))
                    lines.append((start ..< end, true))
                    start = end + 1
                } else {
                    lines.append((start ..< buffer.count, false))
                    start = buffer.count
                }
            }
        }
        return lines
    }
}
