/// `auth_type` on the authorization page: which kinds of account may authorize.
/// A struct rather than an enum so a value WeChat adds later can be passed as a number.
public struct AuthorizationAccountType: RawRepresentable, Sendable, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let officialAccounts = AuthorizationAccountType(rawValue: 1)
    public static let miniPrograms = AuthorizationAccountType(rawValue: 2)
    public static let officialAccountsAndMiniPrograms = AuthorizationAccountType(rawValue: 3)
    public static let miniProgramPromoters = AuthorizationAccountType(rawValue: 4)
    public static let channels = AuthorizationAccountType(rawValue: 5)
    public static let all = AuthorizationAccountType(rawValue: 6)
    public static let liveCommerceAssistants = AuthorizationAccountType(rawValue: 8)
}
