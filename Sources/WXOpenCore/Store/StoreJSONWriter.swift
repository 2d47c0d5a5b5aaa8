import Foundation
import WXOpenSupport

/// Builds the JSON of stored records straight into bytes. The store writes every change through
/// this (and compaction writes 100,000 records at a time), where JSONEncoder's generic machinery
/// cost ten times more than the bytes themselves. The output is what `JSONEncoder` would write
/// for the same `Codable` value (nil members left out, dates as seconds since 2001), so either
/// can read the other's; `StoreJSONTests` holds them to that.
struct StoreJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    mutating func object(_ body: (inout StoreJSONWriter) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "{"))
        try body(&self)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Ends a record of a list written one record per line.
    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Starts a member; the comma comes from what was written last, so members need no state.
    mutating func key(_ name: StaticString) {
        if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        member(name, value)
    }

    mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func member(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        member(name, Int64(value))
    }

    mutating func member(_ name: StaticString, _ value: Date) throws {
        key(name)
        try number(value.timeIntervalSinceReferenceDate)
    }

    mutating func member(_ name: StaticString, _ value: Date?) throws {
        guard let value else { return }
        try member(name, value)
    }

    mutating func member(_ name: StaticString, _ values: [Int]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: String(value).utf8)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Swift prints the shortest digits that read back as the same double, so dates round-trip exactly.
    mutating func number(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON has no \(value)"))
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func string(_ value: String) { JSONString.append(value, to: &bytes) }
}
