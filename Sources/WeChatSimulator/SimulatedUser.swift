import WXOpenSupport
/// A fake WeChat user for web authorization (网页授权). The openid differs per official
/// account, as WeChat's does; the unionid is the same everywhere.
public struct SimulatedUser: Sendable, Equatable, Codable {
    /// A stable id of the simulator's own, e.g. "zhangwei"; never shown to the platform.
    public var id: String
    public var nickname: String
    /// 1 male, 2 female, 0 unknown.
    public var sex: Int
    public var province: String
    public var city: String
    public var country: String
    public var headImageURL: String
    /// nil: the user has no unionid (no open-platform binding).
    public var unionID: String?

    public init(id: String, nickname: String, sex: Int = 0, province: String = "", city: String = "",
                country: String = "", headImageURL: String = "", unionID: String? = nil) {
        self.id = id
        self.nickname = nickname
        self.sex = sex
        self.province = province
        self.city = city
        self.country = country
        self.headImageURL = headImageURL
        self.unionID = unionID
    }

    private enum CodingKeys: String, CodingKey {
        case id, nickname, sex, province, city, country, headImageURL = "headimgurl", unionID = "unionid"
    }

    /// The user's openid for one account: 28 characters starting with "o", like WeChat's.
    public func openID(for appID: String) -> String {
        "o" + String(Base64URL.digest(appID + "|" + id).prefix(27))
    }

    public static let demoSet: [SimulatedUser] = [
        SimulatedUser(id: "zhangwei", nickname: "张伟", sex: 1, province: "广东", city: "深圳", country: "中国",
                      headImageURL: "https://thirdwx.qlogo.cn/mmopen/vi_32/SimZhangWei/132",
                      unionID: "oUnion" + String(Base64URL.digest("union|zhangwei").prefix(22))),
        SimulatedUser(id: "lina", nickname: "李娜", sex: 2, province: "浙江", city: "杭州", country: "中国",
                      headImageURL: "https://thirdwx.qlogo.cn/mmopen/vi_32/SimLiNa/132",
                      unionID: "oUnion" + String(Base64URL.digest("union|lina").prefix(22))),
        SimulatedUser(id: "markup", nickname: #"<i>小"明"</i>"#, sex: 0,
                      headImageURL: "https://thirdwx.qlogo.cn/mmopen/vi_32/SimMarkup/132"),
    ]
}
