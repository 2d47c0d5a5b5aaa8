/// One header field as received or to be sent.
public struct HTTPField: Hashable, Sendable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}

/// Header fields as an ordered list (RFC 9110 §5.3: order matters for repeated names),
/// looked up case-insensitively.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable {
    public private(set) var fields: [HTTPField]

    public init() { fields = [] }
    public init(_ fields: [HTTPField]) { self.fields = fields }
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { HTTPField(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[HTTPField]> { fields.makeIterator() }

    /// The first value for `name`; setting replaces every field of that name (nil removes them).
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value }
        set {
            if let newValue {
                if let index = fields.firstIndex(where: { $0.name.equalsIgnoringASCIICase(name) }) {
                    fields[index].value = newValue
                    var seen = false
                    fields.removeAll { field in
                        guard field.name.equalsIgnoringASCIICase(name) else { return false }
                        defer { seen = true }
                        return seen
                    }
                } else {
                    fields.append(HTTPField(name: name, value: newValue))
                }
            } else {
                remove(name)
            }
        }
    }

    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.equalsIgnoringASCIICase(name) }
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// The comma-separated tokens of every field named `name`, lowercased (e.g. `Connection`).
    public func tokens(_ name: String) -> [String] {
        values(name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingOWS().lowercasedASCII() }
            .filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality, as header names and tokens require; no locale involved.
    /// Inlinable so callers in other modules get a specialised byte loop (this runs for every
    /// header lookup of every request).
    @inlinable
    public func equalsIgnoringASCIICase<Other: StringProtocol>(_ other: Other) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        var i = a.startIndex, j = b.startIndex
        while i != a.endIndex {
            let x = a[i], y = b[j]
            if x != y {
                let lower = x | 0x20
                guard lower == y | 0x20, lower >= 0x61, lower <= 0x7A else { return false }
            }
            a.formIndex(after: &i)
            b.formIndex(after: &j)
        }
        return true
    }

    public func lowercasedASCII() -> String {
        String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Trims optional whitespace (SP and HTAB, RFC 9110 §5.6.3), and nothing else.
    public func trimmingOWS() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
