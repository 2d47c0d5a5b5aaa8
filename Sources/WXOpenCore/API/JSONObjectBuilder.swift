import Foundation
import WXOpenSupport

/// A JSON object written by hand, for the hottest responses (the access-token endpoints, pages
/// of authorizers): `JSONEncoder` costs more than everything else those requests do. Keys are literals; string
/// values are escaped by `JSONString`.
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
        JSONString.append(value, to: &bytes)
    }

    public mutating func add(_ key: StaticString, _ value: Int) {
        appendKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func add(_ key: StaticString, _ value: Date) { add(key, RFC3339.format(value)) }

    public mutating func add(_ key: StaticString, _ value: Bool) {
        appendKey(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Nothing when nil, as `JSONEncoder` leaves an absent optional out.
    public mutating func addIfPresent(_ key: StaticString, _ value: String?) { if let value { add(key, value) } }
    public mutating func addIfPresent(_ key: StaticString, _ value: Int?) { if let value { add(key, value) } }
    public mutating func addIfPresent(_ key: StaticString, _ value: Date?) { if let value { add(key, value) } }

    public mutating func addNull(_ key: StaticString) {
        appendKey(key)
        bytes.append(contentsOf: "null".utf8)
    }

    public mutating func add(_ key: StaticString, _ values: [Int]) {
        appendKey(key)
        Self.appendArray(values, to: &bytes) { $1.append(contentsOf: String($0).utf8) }
    }

    public mutating func add(_ key: StaticString, _ values: [String]) {
        appendKey(key)
        Self.appendArray(values, to: &bytes) { JSONString.append($0, to: &$1) }
    }

    public mutating func add(_ key: StaticString, _ objects: [JSONObjectBuilder]) {
        appendKey(key)
        Self.appendArray(objects, to: &bytes) { object, bytes in
            bytes.append(contentsOf: object.bytes)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    public var data: Data {
        var bytes = bytes
        bytes.append(UInt8(ascii: "}"))
        return Data(bytes)
    }

    private static func appendArray<T>(_ values: [T], to bytes: inout [UInt8], _ element: (T, inout [UInt8]) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(value, &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func appendKey(_ key: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }
}
