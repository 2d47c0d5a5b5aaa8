/// How WeChat hands out a short-lived secret: `{"<name>": "…", "expires_in": N}` (the component
/// token, a pre-auth code, a JS-SDK ticket). One decoder reads them all; each type names its key.
protocol ExpiringSecret: Decodable {
    /// The secret's JSON key (`component_access_token`, `pre_auth_code`, `ticket`).
    static var secretKey: String { get }
    init(secret: String, expiresIn: Int)
}

extension ExpiringSecret {
    /// The secret must be a non-empty string; `expires_in` may come as a number or its text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        self.init(secret: try container.decodeNonEmptyString(forKey: AnyCodingKey(stringValue: Self.secretKey)),
                  expiresIn: try container.decodeLenientInt(forKey: AnyCodingKey(stringValue: "expires_in")))
    }
}
