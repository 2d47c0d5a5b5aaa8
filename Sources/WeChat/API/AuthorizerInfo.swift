import Foundation

/// An authorized account's profile and grant, from `api_get_authorizer_info`.
///
/// Every profile field is optional: WeChat leaves fields out depending on the account type,
/// and a missing one must not lose the rest. `rawAuthorizerInfo` keeps `authorizer_info`
/// byte for byte, for the console and for fields this type does not model.
public struct AuthorizerInfo: Sendable, Equatable, Decodable {
    /// `authorization_info`: the appid, refresh token and permission sets.
    public var authorization: AuthorizationInfo
    public var nickName: String?
    public var headImageURL: String?
    /// service_type_info.id: official accounts 0 subscription, 1 upgraded subscription, 2 service; mini programs 0.
    public var serviceTypeID: Int?
    /// verify_type_info.id: -1 unverified, 0 WeChat-verified, others see WeChat's table.
    public var verifyTypeID: Int?
    /// The original id, `gh_…`.
    public var userName: String?
    public var alias: String?
    public var principalName: String?
    public var signature: String?
    public var qrcodeURL: String?
    /// open_store, open_scan, open_pay, open_card, open_shake: 0 off, 1 on.
    public var businessInfo: [String: Int] = [:]
    public var miniProgramInfo: MiniProgramInfo?
    public var registerType: Int?
    public var accountStatus: Int?
    public var basicConfig: BasicConfig?
    /// The JSON of `authorizer_info` exactly as WeChat sent it.
    public var rawAuthorizerInfo = Data()

    public struct BasicConfig: Sendable, Equatable {
        public var isPhoneConfigured: Bool?
        public var isEmailConfigured: Bool?
    }

    /// WeChat marks a mini program by the presence of `MiniProgramInfo`.
    public var isMiniProgram: Bool { miniProgramInfo != nil }
}

extension AuthorizerInfo {
    private enum CodingKeys: String, CodingKey {
        case info = "authorizer_info"
        case authorization = "authorization_info"
    }

    private enum InfoKeys: String, CodingKey {
        case nickName = "nick_name", headImage = "head_img", serviceType = "service_type_info"
        case verifyType = "verify_type_info", userName = "user_name", alias, principalName = "principal_name"
        case signature, qrcodeURL = "qrcode_url", businessInfo = "business_info"
        case miniProgramInfo = "MiniProgramInfo", registerType = "register_type"
        case accountStatus = "account_status", basicConfig = "basic_config"
    }

    private enum IDKeys: String, CodingKey { case id }
    private enum BasicConfigKeys: String, CodingKey {
        case phone = "is_phone_configured", email = "is_email_configured"
    }

    /// Decodes the whole answer; `rawAuthorizerInfo` is left empty (the client fills it in
    /// from the body, which a Decoder cannot see).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        authorization = try container.decode(AuthorizationInfo.self, forKey: .authorization)
        let info = try container.nestedContainer(keyedBy: InfoKeys.self, forKey: .info)
        func text(_ key: InfoKeys) -> String? { (try? info.decodeNonEmptyStringIfPresent(forKey: key)) ?? nil }
        func number(_ key: InfoKeys) -> Int? { (try? info.decodeLenientIntIfPresent(forKey: key)) ?? nil }
        func id(_ key: InfoKeys) -> Int? {
            let nested = try? info.nestedContainer(keyedBy: IDKeys.self, forKey: key)
            return (try? nested?.decodeLenientIntIfPresent(forKey: .id)) ?? nil
        }
        nickName = text(.nickName)
        headImageURL = text(.headImage)
        serviceTypeID = id(.serviceType)
        verifyTypeID = id(.verifyType)
        userName = text(.userName)
        alias = text(.alias)
        principalName = text(.principalName)
        signature = text(.signature)
        qrcodeURL = text(.qrcodeURL)
        registerType = number(.registerType)
        accountStatus = number(.accountStatus)
        businessInfo = [:]
        if let business = try? info.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .businessInfo) {
            for key in business.allKeys {
                if let value = try? business.decodeLenientIntIfPresent(forKey: key) { businessInfo[key.stringValue] = value }
            }
        }
        miniProgramInfo = (try? info.decodeIfPresent(MiniProgramInfo.self, forKey: .miniProgramInfo)) ?? nil
        basicConfig = nil
        if let config = try? info.nestedContainer(keyedBy: BasicConfigKeys.self, forKey: .basicConfig) {
            basicConfig = BasicConfig(isPhoneConfigured: Self.flag(config, .phone), isEmailConfigured: Self.flag(config, .email))
        }
        rawAuthorizerInfo = Data()
    }

    /// A boolean WeChat may also send as 0/1.
    private static func flag(_ container: KeyedDecodingContainer<BasicConfigKeys>, _ key: BasicConfigKeys) -> Bool? {
        if let value = try? container.decodeIfPresent(Bool.self, forKey: key) { return value }
        return ((try? container.decodeLenientIntIfPresent(forKey: key)) ?? nil).map { $0 != 0 }
    }
}

extension AuthorizerInfo: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("nickName", nickName ?? "nil"), ("userName", userName ?? "nil"), ("miniProgram", "\(isMiniProgram)"),
         ("authorization", "\(authorization)")]
    }
}
