import WXOpenSupport
/// What an account granted the platform: `authorization_info` in `api_query_auth` (with the
/// tokens) and in `api_get_authorizer_info` (refresh token and permission sets only).
public struct AuthorizationInfo: Sendable, Equatable, Decodable {
    public var authorizerAppID: String
    /// Present only when the account has API permissions.
    public var accessToken: String?
    public var expiresIn: Int?
    /// nil when absent or empty; never overwrite a stored refresh token with nil.
    public var refreshToken: String?
    /// The permission-set ids (funcscope_category.id) in WeChat's order. Ids this code has no
    /// name for are kept as they are.
    public var funcInfo: [Int] = []
}

extension AuthorizationInfo {
    private enum CodingKeys: String, CodingKey {
        case authorizerAppID = "authorizer_appid"
        case accessToken = "authorizer_access_token"
        case expiresIn = "expires_in"
        case refreshToken = "authorizer_refresh_token"
        case funcInfo = "func_info"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        authorizerAppID = try container.decodeNonEmptyString(forKey: .authorizerAppID)
        accessToken = try container.decodeNonEmptyStringIfPresent(forKey: .accessToken)
        expiresIn = try container.decodeLenientIntIfPresent(forKey: .expiresIn)
        refreshToken = try container.decodeNonEmptyStringIfPresent(forKey: .refreshToken)
        let scopes = try container.decodeIfPresent([FuncScope].self, forKey: .funcInfo) ?? []
        funcInfo = scopes.compactMap(\.id)
    }

    /// One `func_info` entry: `{"funcscope_category":{"id":1}, "confirm_info":{…}}`. Entries
    /// without an id decode to nil instead of failing the whole answer.
    private struct FuncScope: Decodable {
        let id: Int?

        private enum CodingKeys: String, CodingKey { case category = "funcscope_category" }
        private enum CategoryKeys: String, CodingKey { case id }

        init(from decoder: any Decoder) throws {
            let category = try? decoder.container(keyedBy: CodingKeys.self)
                .nestedContainer(keyedBy: CategoryKeys.self, forKey: .category)
            id = (try? category?.decodeLenientIntIfPresent(forKey: .id)) ?? nil
        }
    }
}

extension AuthorizationInfo: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("authorizerAppID", authorizerAppID), ("accessToken", Redaction.summary(accessToken)),
         ("expiresIn", expiresIn.map(String.init) ?? "nil"), ("refreshToken", Redaction.summary(refreshToken)),
         ("funcInfo", "\(funcInfo)")]
    }
}
