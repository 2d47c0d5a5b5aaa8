/// A request body in WeChat's own field names, written where the call is made:
///
///     ["component_appid": .string(componentAppID), "offset": .int(0)]
///
/// One type instead of an Encodable struct per endpoint. Encoded with sorted keys, so a body is
/// byte-for-byte reproducible.
public enum JSONBody: Encodable, Sendable, Equatable, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONBody])
    case object([String: JSONBody])

    public init(dictionaryLiteral elements: (String, JSONBody)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public init(arrayLiteral elements: JSONBody...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// `.string` of each value.
    public static func strings(_ values: [String]) -> JSONBody { .array(values.map(JSONBody.string)) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}
