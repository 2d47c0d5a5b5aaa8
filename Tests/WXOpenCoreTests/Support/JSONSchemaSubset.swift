import Foundation

/// A JSON value as decoded by `JSONDecoder`, which keeps `true` and `1` apart (JSONSerialization
/// hands both back as NSNumber on Linux).
indirect enum JSONInstance: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONInstance])
    case object([String: JSONInstance])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONInstance].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONInstance].self)) }
    }

    static func parse(_ data: Data) throws -> JSONInstance { try JSONDecoder().decode(JSONInstance.self, from: data) }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members): "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]!)" }.joined(separator: ",") + "}"
        }
    }

    subscript(key: String) -> JSONInstance? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { return value } else { return nil } }

    /// The JSON Schema type names this value has (an integer is a number too).
    var typeNames: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .integer: ["integer", "number"]
        case .number(let value): value == value.rounded() ? ["integer", "number"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }
}

/// The subset of JSON Schema (2020-12) the OpenAPI document uses, and no more: `type` (a name or
/// a list, so `["string", "null"]` is nullable), `properties`, `required`, `items`, `enum`,
/// `additionalProperties` (a boolean or a schema), `minProperties`/`maxProperties`, `anyOf`,
/// `oneOf`, `minLength`/`maxLength` (in code points, as JSON Schema counts), `minItems`/`maxItems`,
/// `minimum`/`maximum`, `pattern`, and local `$ref`. Annotations (`description`, `example`,
/// `format`, `default`, …) are ignored; any other keyword is reported, so no part of a schema
/// goes unchecked without the test saying so.
struct JSONSchemaSubset {
    /// The whole document, for `$ref`.
    let root: JSONInstance

    static let annotations: Set<String> = ["description", "example", "examples", "format", "default", "title", "deprecated", "summary"]
    static let assertions: Set<String> = ["type", "properties", "required", "items", "enum", "additionalProperties", "minProperties", "maxProperties", "anyOf", "oneOf",
                                          "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "pattern", "$ref"]

    /// Every way `value` breaks `schema`, each with the JSON pointer of the offending part.
    func violations(of schema: JSONInstance, by value: JSONInstance, at path: String = "") -> [String] {
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object"] }
        var found: [String] = []
        for key in keywords.keys where !Self.annotations.contains(key) && !Self.assertions.contains(key) {
            found.append("\(path): unsupported schema keyword \(key)")
        }
        if let reference = keywords["$ref"]?.string {
            guard let target = resolve(reference) else { return found + ["\(path): unresolved $ref \(reference)"] }
            found += violations(of: target, by: value, at: path)
        }
        if let type = keywords["type"] {
            let allowed: [String] = switch type {
            case .string(let name): [name]
            case .array(let names): names.compactMap(\.string)
            default: []
            }
            if value.typeNames.isDisjoint(with: allowed) {
                return found + ["\(path): \(value) is not of type \(allowed.joined(separator: " or "))"]
            }
        }
        if case .array(let options)? = keywords["enum"], !options.contains(where: { Self.equal($0, value) }) {
            found.append("\(path): \(value) is not one of \(options)")
        }
        if case .array(let options)? = keywords["anyOf"],
           !options.contains(where: { violations(of: $0, by: value, at: path).isEmpty }) {
            found.append("\(path): \(value) matches none of anyOf")
        }
        if case .array(let options)? = keywords["oneOf"] {
            let matching = options.filter { violations(of: $0, by: value, at: path).isEmpty }.count
            if matching != 1 { found.append("\(path): \(value) matches \(matching) of oneOf, not exactly one") }
        }
        if case .string(let text) = value { found += stringViolations(keywords, text, at: path) }
        if let number = Self.number(value) {
            if let minimum = keywords["minimum"].flatMap(Self.number), number < minimum { found.append("\(path): \(number) < \(minimum)") }
            if let maximum = keywords["maximum"].flatMap(Self.number), number > maximum { found.append("\(path): \(number) > \(maximum)") }
        }
        if case .array(let items) = value {
            if case .integer(let minimum)? = keywords["minItems"], items.count < minimum { found.append("\(path): fewer than \(minimum) items") }
            if case .integer(let maximum)? = keywords["maxItems"], items.count > maximum { found.append("\(path): more than \(maximum) items") }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() { found += violations(of: itemSchema, by: item, at: "\(path)/\(index)") }
            }
        }
        if case .object(let members) = value { found += objectViolations(keywords, members, at: path) }
        return found
    }

    private func stringViolations(_ keywords: [String: JSONInstance], _ text: String, at path: String) -> [String] {
        var found: [String] = []
        if case .integer(let minimum)? = keywords["minLength"], text.unicodeScalars.count < minimum { found.append("\(path): shorter than \(minimum)") }
        if case .integer(let maximum)? = keywords["maxLength"], text.unicodeScalars.count > maximum { found.append("\(path): longer than \(maximum)") }
        if let pattern = keywords["pattern"]?.string {
            let matches = (try? NSRegularExpression(pattern: pattern))
                .map { $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil } ?? false
            if !matches { found.append("\(path): \"\(text)\" does not match \(pattern)") }
        }
        return found
    }

    private func objectViolations(_ keywords: [String: JSONInstance], _ members: [String: JSONInstance], at path: String) -> [String] {
        var found: [String] = []
        if case .integer(let minimum)? = keywords["minProperties"], members.count < minimum { found.append("\(path): fewer than \(minimum) members") }
        if case .integer(let maximum)? = keywords["maxProperties"], members.count > maximum { found.append("\(path): more than \(maximum) members") }
        if case .array(let required)? = keywords["required"] {
            for name in required.compactMap(\.string) where members[name] == nil { found.append("\(path): \(name) is required") }
        }
        let properties: [String: JSONInstance] = if case .object(let properties)? = keywords["properties"] { properties } else { [:] }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[name] {
                found += violations(of: propertySchema, by: member, at: "\(path)/\(name)")
                continue
            }
            switch keywords["additionalProperties"] {
            case .bool(false)?: found.append("\(path): \(name) is not a documented property")
            case let extra? where extra != .bool(true): found += violations(of: extra, by: member, at: "\(path)/\(name)")
            default: break
            }
        }
        return found
    }

    /// `#/components/schemas/Error` → that part of the document.
    func resolve(_ reference: String) -> JSONInstance? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONInstance? = root
        for part in reference.dropFirst(2).split(separator: "/") {
            node = node?[part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return node
    }

    static func number(_ value: JSONInstance) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }

    /// JSON equality, with 1 and 1.0 the same number.
    static func equal(_ left: JSONInstance, _ right: JSONInstance) -> Bool {
        if let left = number(left), let right = number(right) { return left == right }
        return left == right
    }
}
