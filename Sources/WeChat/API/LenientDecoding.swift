import Foundation

/// WeChat is loose with JSON types: the same field arrives as `7200` from one endpoint and
/// `"7200"` from another (`sex` in /sns/userinfo, `option_value`). These read either.
extension KeyedDecodingContainer {
    func decodeLenientInt(forKey key: Key) throws -> Int {
        guard let value = try decodeLenientIntIfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing integer"))
        }
        return value
    }

    /// nil when the key is absent or null; an integer, a whole double or a string of digits otherwise.
    func decodeLenientIntIfPresent(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Int.self, forKey: key) { return value }
        if let text = try? decode(String.self, forKey: key) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            if let value = Int(trimmed) { return value }
        }
        if let value = try? decode(Double.self, forKey: key), value == value.rounded(), abs(value) < 1e15 {
            return Int(value)
        }
        throw DecodingError.typeMismatch(Int.self, .init(codingPath: codingPath + [key],
                                                         debugDescription: "expected an integer"))
    }

    /// A string, or a number written as its decimal text.
    func decodeLenientStringIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let value = try decodeLenientIntIfPresent(forKey: key) { return String(value) }
        return nil
    }

    /// A required string that must not be empty (a token, a code).
    func decodeNonEmptyString(forKey key: Key) throws -> String {
        guard let text = try decodeNonEmptyStringIfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing or empty"))
        }
        return text
    }

    /// A string where empty means absent: WeChat sends `""` for tokens it did not issue.
    func decodeNonEmptyStringIfPresent(forKey key: Key) throws -> String? {
        guard let text = try decodeIfPresent(String.self, forKey: key), !text.isEmpty else { return nil }
        return text
    }
}

/// A coding key for JSON objects whose keys are data (business_info, network).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension DecodingError {
    /// Where decoding failed, by JSON path only: JSONDecoder's own messages can quote the
    /// offending bytes, which may be a token.
    var pathDetail: String {
        switch self {
        case .keyNotFound(let key, let context):
            "missing \(Self.path(context.codingPath + [key]))"
        case .typeMismatch(_, let context):
            "wrong type at \(Self.path(context.codingPath))"
        case .valueNotFound(_, let context):
            "null at \(Self.path(context.codingPath))"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(Self.path(context.codingPath))"
        @unknown default:
            "undecodable"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "top level" }
        return keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: ".")
    }
}
