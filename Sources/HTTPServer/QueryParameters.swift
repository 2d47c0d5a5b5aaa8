/// Query or form parameters, ordered as received, looked up by exact name.
public struct QueryParameters: Sendable, Sequence, Equatable {
    public struct Item: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var items: [Item] = []

    public init() {}
    public init(_ pairs: [(String, String)]) { items = pairs.map { Item(name: $0.0, value: $0.1) } }

    /// Parses `a=1&b=%20x`; `+` is a space (HTML forms). A malformed escape is an error, not a guess.
    public init<S: StringProtocol>(parsing string: S) throws(HTTPError) {
        for pair in string.split(separator: "&", omittingEmptySubsequences: true) {
            let name: S.SubSequence.SubSequence, value: S.SubSequence.SubSequence
            if let equals = pair.firstIndex(of: "=") {
                name = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair[...]
                value = pair[pair.endIndex...]
            }
            items.append(Item(
                name: try PercentEncoding.decode(name, plusAsSpace: true),
                value: try PercentEncoding.decode(value, plusAsSpace: true)))
        }
    }

    public func makeIterator() -> IndexingIterator<[Item]> { items.makeIterator() }
    public var isEmpty: Bool { items.isEmpty }

    /// The first value for `name`.
    public subscript(name: String) -> String? { items.first { $0.name == name }?.value }
    public func values(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    public mutating func append(_ name: String, _ value: String) { items.append(Item(name: name, value: value)) }

    /// Encodes as `a=1&b=x%20y` (RFC 3986 unreserved characters kept, everything else escaped).
    public var encoded: String {
        items.map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
    }
}

public enum PercentEncoding {
    /// Decodes `%XX` escapes. A `%` not followed by two hex digits, or bytes that are not UTF-8, throw 400.
    public static func decode<S: StringProtocol>(_ string: S, plusAsSpace: Bool) throws(HTTPError) -> String {
        let utf8 = string.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(string)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw HTTPError(.badRequest, "Malformed percent-encoding in the request.")
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw HTTPError(.badRequest, "Percent-encoded bytes are not valid UTF-8.")
        }
        return decoded
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so the result is safe in a
    /// query value, a path segment or a form body.
    public static func encode<S: StringProtocol>(_ string: S) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
