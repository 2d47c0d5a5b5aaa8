/// The scope of web authorization.
public enum OAuthScope: String, Sendable, Hashable {
    /// Silent: yields the openid only.
    case base = "snsapi_base"
    /// Asks the user; yields the profile through /sns/userinfo.
    case userInfo = "snsapi_userinfo"
}
