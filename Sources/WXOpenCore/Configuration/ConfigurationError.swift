/// One problem with the configuration, naming the key so the operator can fix it.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Dotted path, e.g. `component.encodingAESKey` or `apiKeys[1].sha256`.
    public var key: String
    public var problem: String

    public init(key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { key.isEmpty ? "configuration: \(problem)" : "configuration key \(key): \(problem)" }
}
