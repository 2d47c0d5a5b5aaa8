/// `MiniProgramInfo` in `authorizer_info`; its presence marks the account as a mini program.
/// Kept loosely: WeChat adds keys to `network` over time, and a changed shape there must not
/// fail the whole answer.
public struct MiniProgramInfo: Sendable, Equatable, Decodable {
    public struct Category: Sendable, Equatable {
        public var first: String
        public var second: String
    }

    /// Server domains by kind (`RequestDomain`, `WsRequestDomain`, `UploadDomain`, …); kinds
    /// whose value is not a list of strings are left out.
    public var network: [String: [String]]
    public var categories: [Category]
    public var visitStatus: Int?
}

extension MiniProgramInfo {
    private enum CodingKeys: String, CodingKey {
        case network, categories
        case visitStatus = "visit_status"
    }

    private enum CategoryKeys: String, CodingKey { case first, second }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        network = [:]
        if let domains = try? container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .network) {
            for key in domains.allKeys {
                if let list = try? domains.decode([String].self, forKey: key) { network[key.stringValue] = list }
            }
        }
        categories = []
        if var list = try? container.nestedUnkeyedContainer(forKey: .categories) {
            while !list.isAtEnd {
                guard let entry = try? list.nestedContainer(keyedBy: CategoryKeys.self) else { break }
                let first = (try? entry.decodeIfPresent(String.self, forKey: .first)) ?? nil
                let second = (try? entry.decodeIfPresent(String.self, forKey: .second)) ?? nil
                categories.append(Category(first: first ?? "", second: second ?? ""))
            }
        }
        visitStatus = (try? container.decodeLenientIntIfPresent(forKey: .visitStatus)) ?? nil
    }
}
