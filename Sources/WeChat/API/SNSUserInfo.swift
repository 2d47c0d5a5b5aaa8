/// A WeChat user's profile, from `/sns/userinfo` (needs the `snsapi_userinfo` scope).
/// Fields WeChat leaves out decode as empty; since 2021 it sends `sex` 0 and empty places.
public struct SNSUserInfo: Sendable, Equatable, Decodable {
    public var openID: String
    public var nickname: String
    /// 1 male, 2 female, 0 unknown. WeChat sends it as a number or a string.
    public var sex: Int
    public var province: String
    public var city: String
    public var country: String
    public var headImageURL: String
    public var privilege: [String]
    public var unionID: String?
}

extension SNSUserInfo {
    private enum CodingKeys: String, CodingKey {
        case openID = "openid", nickname, sex, province, city, country
        case headImageURL = "headimgurl", privilege, unionID = "unionid"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        openID = try container.decodeNonEmptyString(forKey: .openID)
        nickname = try container.decodeIfPresent(String.self, forKey: .nickname) ?? ""
        sex = try container.decodeLenientIntIfPresent(forKey: .sex) ?? 0
        province = try container.decodeIfPresent(String.self, forKey: .province) ?? ""
        city = try container.decodeIfPresent(String.self, forKey: .city) ?? ""
        country = try container.decodeIfPresent(String.self, forKey: .country) ?? ""
        headImageURL = try container.decodeIfPresent(String.self, forKey: .headImageURL) ?? ""
        privilege = try container.decodeIfPresent([String].self, forKey: .privilege) ?? []
        unionID = try container.decodeNonEmptyStringIfPresent(forKey: .unionID)
    }
}
