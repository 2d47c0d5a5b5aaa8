/// One option of an authorized account (old option API): `location_report` (0/1/2),
/// `voice_recognize` (0/1), `customer_service` (0/1).
public struct AuthorizerOption: Sendable, Equatable, Decodable {
    public var name: String
    /// WeChat sends the value as a string ("1"); a number is accepted too.
    public var value: String
}

extension AuthorizerOption {
    private enum CodingKeys: String, CodingKey {
        case name = "option_name"
        case value = "option_value"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        guard let value = try container.decodeLenientStringIfPresent(forKey: .value) else {
            throw DecodingError.keyNotFound(CodingKeys.value, .init(codingPath: container.codingPath, debugDescription: "missing"))
        }
        self.value = value
    }
}
