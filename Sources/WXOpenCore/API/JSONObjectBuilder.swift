import Foundation
import WXOpenSupport

/// A small JSON object written by hand, for the hottest responses (the access-token endpoints):
/// `JSONEncoder` costs more than everything else those requests do. Keys are literals; string
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

    /// The object, closed: one copy of the bytes, into the `Data` the response sends.
    public var data: Data {
        bytes.withUnsafeBytes { object in
            var data = Data(count: object.count + 1)
            data.withUnsafeMutableBytes { out in
                out.copyMemory(from: object)
                out[object.count] = UInt8(ascii: "}")
            }
            return data
        }
    }

    private mutating func appendKey(_ key: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }
}
