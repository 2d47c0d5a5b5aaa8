/// Walks one JSON object, remembering the path, and refuses keys nobody asked for.
struct ConfigReader {
    let path: String
    private let object: [String: JSONValue]
    private var seen: Set<String> = []

    init(_ value: JSONValue, path: String) throws(ConfigurationError) {
        guard case .object(let object) = value else {
            throw ConfigurationError(key: path, "must be an object, got \(value.kindDescription)")
        }
        self.path = path
        self.object = object
    }

    func key(_ name: String) -> String { path.isEmpty ? name : path + "." + name }

    mutating func raw(_ name: String) -> JSONValue? {
        seen.insert(name)
        guard let value = object[name], value != .null else { return nil }
        return value
    }

    mutating func string(_ name: String) throws(ConfigurationError) -> String? {
        guard let value = raw(name) else { return nil }
        guard case .string(let string) = value else {
            throw ConfigurationError(key: key(name), "must be a string, got \(value.kindDescription)")
        }
        return string
    }

    mutating func requiredString(_ name: String) throws(ConfigurationError) -> String {
        guard let value = try string(name), !value.isEmpty else { throw ConfigurationError(key: key(name), "is required") }
        return value
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = raw(name) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e15 else {
            throw ConfigurationError(key: key(name), "must be an integer, got \(value.kindDescription)")
        }
        guard range.contains(Int(number)) else {
            throw ConfigurationError(key: key(name), "must be between \(range.lowerBound) and \(range.upperBound), got \(Int(number))")
        }
        return Int(number)
    }

    mutating func bool(_ name: String) throws(ConfigurationError) -> Bool? {
        guard let value = raw(name) else { return nil }
        guard case .bool(let bool) = value else {
            throw ConfigurationError(key: key(name), "must be true or false, got \(value.kindDescription)")
        }
        return bool
    }

    /// One of a fixed set of values (an enum's cases, spelled by `spelling`); the error lists them all.
    mutating func choice<Value: CaseIterable>(_ name: String, spelled spelling: (Value) -> String) throws(ConfigurationError) -> Value? {
        guard let text = try string(name) else { return nil }
        guard let value = Value.allCases.first(where: { spelling($0) == text }) else {
            let names = Value.allCases.map { "\"\(spelling($0))\"" }
            let listed = names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
            throw ConfigurationError(key: key(name), "must be \(listed), got \"\(text)\"")
        }
        return value
    }

    mutating func choice<Value: CaseIterable & RawRepresentable>(_ name: String) throws(ConfigurationError) -> Value?
    where Value.RawValue == String {
        try choice(name, spelled: \.rawValue)
    }

    mutating func object(_ name: String) throws(ConfigurationError) -> ConfigReader? {
        guard let value = raw(name) else { return nil }
        return try ConfigReader(value, path: key(name))
    }

    mutating func array(_ name: String) throws(ConfigurationError) -> [JSONValue]? {
        guard let value = raw(name) else { return nil }
        guard case .array(let items) = value else {
            throw ConfigurationError(key: key(name), "must be an array, got \(value.kindDescription)")
        }
        return items
    }

    /// Fails on the first key that was never read: a typo must not be silently ignored.
    func finish() throws(ConfigurationError) {
        if let unknown = object.keys.sorted().first(where: { !seen.contains($0) }) {
            throw ConfigurationError(key: key(unknown), "is not a known key (check the spelling against config.example.json)")
        }
    }
}
