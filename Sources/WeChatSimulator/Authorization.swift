import Foundation

/// One account's authorization of the platform, as the simulator records it.
public struct Authorization: Sendable, Equatable {
    public var appID: String
    /// The granted permission-set ids, in the order they were granted.
    public var funcIDs: [Int]
    /// The only refresh token `api_authorizer_token` currently accepts.
    public var refreshToken: String
    public var authTime: Date
    /// False once the account revoked the authorization.
    public var isActive: Bool
}
