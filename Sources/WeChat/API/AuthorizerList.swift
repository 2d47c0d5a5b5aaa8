import Foundation
import WXOpenSupport

/// One page of the accounts that authorized the platform, from `api_get_authorizer_list`:
/// the recovery path for a lost or invalid (61023) refresh token.
public struct AuthorizerList: Sendable, Equatable, Decodable {
    public struct Item: Sendable, Equatable, Decodable {
        public var authorizerAppID: String
        /// nil when absent or empty.
        public var refreshToken: String?
        public var authTime: Date?
    }

    /// All authorized accounts, not just this page.
    public var totalCount: Int
    public var items: [Item]
}

extension AuthorizerList {
    private enum CodingKeys: String, CodingKey {
        case totalCount = "total_count"
        case items = "list"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        totalCount = try container.decodeLenientInt(forKey: .totalCount)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

extension AuthorizerList.Item {
    private enum CodingKeys: String, CodingKey {
        case authorizerAppID = "authorizer_appid"
        case refreshToken = "refresh_token"
        case authTime = "auth_time"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        authorizerAppID = try container.decodeNonEmptyString(forKey: .authorizerAppID)
        refreshToken = try container.decodeNonEmptyStringIfPresent(forKey: .refreshToken)
        authTime = try container.decodeLenientIntIfPresent(forKey: .authTime).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }
}

extension AuthorizerList.Item: RedactedDescription {
    public static var shownName: String { "AuthorizerList.Item" }
    public var shownFields: [(String, String)] {
        [("authorizerAppID", authorizerAppID), ("refreshToken", Redaction.summary(refreshToken)),
         ("authTime", authTime.map { String(Int($0.timeIntervalSince1970)) } ?? "nil")]
    }
}

extension AuthorizerList: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "AuthorizerList(totalCount: \(totalCount), items: \(items))" }
    public var debugDescription: String { description }
}
