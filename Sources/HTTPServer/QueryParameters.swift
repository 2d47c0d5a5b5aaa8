import WXOpenSupport

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
                name: try PercentEncoding.decodeRequestPart(name, plusAsSpace: true),
                value: try PercentEncoding.decodeRequestPart(value, plusAsSpace: true)))
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

extension PercentEncoding {
    /// Decodes part of a request target or form: a malformed escape is the client's error (400).
    static func decodeRequestPart<S: StringProtocol>(_ string: S, plusAsSpace: Bool) throws(HTTPError) -> String {
        do {
            return try decode(string, plusAsSpace: plusAsSpace)
        } catch .malformedEscape {
            throw HTTPError(.badRequest, "Malformed percent-encoding in the request.")
        } catch {
            throw HTTPError(.badRequest, "Percent-encoded bytes are not valid UTF-8.")
        }
    }
}
