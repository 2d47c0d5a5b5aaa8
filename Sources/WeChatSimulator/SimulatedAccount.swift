/// An official account or mini program that exists in the simulated WeChat and can authorize
/// the platform. Its fields are what `api_get_authorizer_info` returns.
public struct SimulatedAccount: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case officialAccount = "official_account"
        case miniProgram = "mini_program"

        /// How WeChat's pages name the kind.
        public var displayName: String {
            switch self {
            case .officialAccount: "公众号"
            case .miniProgram: "小程序"
            }
        }
    }

    /// A mini program's service category, `MiniProgramInfo.categories`.
    public struct Category: Sendable, Equatable, Codable {
        public var first: String
        public var second: String
    }

    public var appID: String
    /// The original id, `gh_…`.
    public var userName: String
    public var nickname: String
    public var kind: Kind
    public var principalName: String
    public var signature: String
    /// https URL of the avatar.
    public var headImageURL: String
    /// https URL of the account's QR code.
    public var qrcodeURL: String
    /// service_type_info.id: official accounts 0 subscription, 1 upgraded subscription, 2 service; mini programs 0.
    public var serviceTypeID: Int
    /// verify_type_info.id: -1 unverified, 0 WeChat-verified.
    public var verifyTypeID: Int
    /// The WeChat id people search for; may be empty.
    public var alias: String
    /// Mini programs only.
    public var categories: [Category]
    /// Not offered on authorization pages unless named by `biz_appid` (the full-release test
    /// account, bulk benchmark accounts). Default: false.
    public var hidden: Bool
    /// On the platform's test list: may authorize before full release. Default: false.
    public var onTestList: Bool

    public init(
        appID: String, userName: String, nickname: String, kind: Kind, principalName: String, signature: String = "",
        headImageURL: String, qrcodeURL: String, serviceTypeID: Int = 2, verifyTypeID: Int = 0, alias: String = "",
        categories: [Category] = [], hidden: Bool = false, onTestList: Bool = false
    ) {
        self.appID = appID
        self.userName = userName
        self.nickname = nickname
        self.kind = kind
        self.principalName = principalName
        self.signature = signature
        self.headImageURL = headImageURL
        self.qrcodeURL = qrcodeURL
        self.serviceTypeID = serviceTypeID
        self.verifyTypeID = verifyTypeID
        self.alias = alias
        self.categories = categories
        self.hidden = hidden
        self.onTestList = onTestList
    }

    private enum CodingKeys: String, CodingKey {
        case appID = "appid", userName = "user_name", nickname, kind, principalName = "principal_name", signature
        case headImageURL = "head_img", qrcodeURL = "qrcode_url", serviceTypeID = "service_type"
        case verifyTypeID = "verify_type", alias, categories, hidden, onTestList = "on_test_list"
    }

    /// Reads an account from a configuration file; everything but appid, user_name, nickname and
    /// kind has a default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        let appID = try c.decode(String.self, forKey: .appID)
        self.init(
            appID: appID, userName: try c.decode(String.self, forKey: .userName),
            nickname: try c.decode(String.self, forKey: .nickname), kind: kind,
            principalName: try c.decodeIfPresent(String.self, forKey: .principalName) ?? "",
            signature: try c.decodeIfPresent(String.self, forKey: .signature) ?? "",
            headImageURL: try c.decodeIfPresent(String.self, forKey: .headImageURL) ?? Self.headImageURL(appID),
            qrcodeURL: try c.decodeIfPresent(String.self, forKey: .qrcodeURL) ?? Self.qrcodeURL(appID),
            serviceTypeID: try c.decodeIfPresent(Int.self, forKey: .serviceTypeID) ?? (kind == .miniProgram ? 0 : 2),
            verifyTypeID: try c.decodeIfPresent(Int.self, forKey: .verifyTypeID) ?? 0,
            alias: try c.decodeIfPresent(String.self, forKey: .alias) ?? "",
            categories: try c.decodeIfPresent([Category].self, forKey: .categories) ?? [],
            hidden: try c.decodeIfPresent(Bool.self, forKey: .hidden) ?? false,
            onTestList: try c.decodeIfPresent(Bool.self, forKey: .onTestList) ?? false)
    }

    /// An avatar URL shaped like WeChat's CDN, derived from the appid.
    static func headImageURL(_ appID: String) -> String {
        "https://wx.qlogo.cn/mmopen/\(appID)SimHeadImg/0"
    }

    /// A QR-code URL shaped like WeChat's CDN, derived from the appid.
    static func qrcodeURL(_ appID: String) -> String {
        "https://mmbiz.qpic.cn/mmbiz_jpg/\(appID)SimQRCode/0"
    }
}
