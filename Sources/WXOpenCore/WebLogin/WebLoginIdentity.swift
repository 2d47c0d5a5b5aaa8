import WeChat

/// Who logged in, held under a login ticket until the app's backend redeems it; the body of
/// `POST /api/v1/web-login/redeem` (and, in that form, the ticket's entry in the store). The
/// user's WeChat access and refresh tokens are not kept: the app learns the identity, not a
/// credential.
struct WebLoginIdentity: Sendable, Equatable, Codable {
    /// The profile from `/sns/userinfo` (snsapi_userinfo only).
    struct User: Sendable, Equatable, Codable {
        var nickname: String
        /// 1 male, 2 female, 0 unknown (WeChat sends 0 since 2021).
        var sex: Int
        var province: String
        var city: String
        var country: String
        var headImageURL: String
        var privilege: [String]
        var unionID: String?

        init(_ info: SNSUserInfo) {
            nickname = info.nickname
            sex = info.sex
            province = info.province
            city = info.city
            country = info.country
            headImageURL = info.headImageURL
            privilege = info.privilege
            unionID = info.unionID
        }

        enum CodingKeys: String, CodingKey {
            case nickname, sex, province, city, country, headImageURL = "headimgurl", privilege, unionID = "unionid"
        }
    }

    var authorizerAppID: String
    var openID: String
    /// Present only when WeChat returned one (the account is bound to an open-platform account).
    var unionID: String?
    var scope: OAuthScope
    var user: User?

    enum CodingKeys: String, CodingKey {
        case authorizerAppID = "authorizer_appid", openID = "openid", unionID = "unionid", scope, user
    }

    init(authorizerAppID: String, openID: String, unionID: String?, scope: OAuthScope, user: User?) {
        self.authorizerAppID = authorizerAppID
        self.openID = openID
        self.unionID = unionID
        self.scope = scope
        self.user = user
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        authorizerAppID = try container.decode(String.self, forKey: .authorizerAppID)
        openID = try container.decode(String.self, forKey: .openID)
        unionID = try container.decodeIfPresent(String.self, forKey: .unionID)
        scope = try OAuthScope.decode(from: container, forKey: .scope)
        user = try container.decodeIfPresent(User.self, forKey: .user)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(authorizerAppID, forKey: .authorizerAppID)
        try container.encode(openID, forKey: .openID)
        try container.encodeIfPresent(unionID, forKey: .unionID)
        try container.encode(scope.rawValue, forKey: .scope)
        try container.encodeIfPresent(user, forKey: .user)
    }
}
