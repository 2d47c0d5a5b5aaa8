import Foundation

/// The latest `component_verify_ticket` WeChat pushed for one platform. Valid 12 h.
public struct StoredTicket: Codable, Sendable, Equatable {
    public var componentAppID: String
    public var ticket: String
    /// When our server stored it (what the 12-hour validity is counted from).
    public var receivedAt: Date
    /// WeChat's `CreateTime` of the push.
    public var createTime: Date

    public init(componentAppID: String, ticket: String, receivedAt: Date, createTime: Date) {
        self.componentAppID = componentAppID
        self.ticket = ticket
        self.receivedAt = receivedAt
        self.createTime = createTime
    }

    public static let lifetime: TimeInterval = 12 * 3600
    public func isFresh(at now: Date) -> Bool { now.timeIntervalSince(receivedAt) < StoredTicket.lifetime }
}

/// A cached `component_access_token`.
public struct StoredComponentToken: Codable, Sendable, Equatable {
    public var componentAppID: String
    public var token: String
    public var obtainedAt: Date
    public var expiresAt: Date

    public init(componentAppID: String, token: String, obtainedAt: Date, expiresAt: Date) {
        self.componentAppID = componentAppID
        self.token = token
        self.obtainedAt = obtainedAt
        self.expiresAt = expiresAt
    }
}

public enum AuthorizerStatus: String, Codable, Sendable, CaseIterable {
    case authorized
    case revoked
    case needsReauthorization = "needs-reauthorization"
}

public enum AccountType: String, Codable, Sendable, CaseIterable {
    case officialAccount = "official_account"
    case miniProgram = "mini_program"
    case unknown
}

/// What `api_get_authorizer_info` told us about an account, kept for display and search.
public struct AccountInfo: Codable, Sendable, Equatable {
    public var nickName: String?
    public var headImage: String?
    public var userName: String?
    public var alias: String?
    public var principalName: String?
    public var signature: String?
    public var qrcodeURL: String?
    public var serviceType: Int?
    public var verifyType: Int?
    public var accountType: AccountType
    /// The raw `authorizer_info` JSON, shown on the console's account page.
    public var rawJSON: String?
    public var fetchedAt: Date

    public init(nickName: String? = nil, headImage: String? = nil, userName: String? = nil, alias: String? = nil,
                principalName: String? = nil, signature: String? = nil, qrcodeURL: String? = nil, serviceType: Int? = nil,
                verifyType: Int? = nil, accountType: AccountType = .unknown, rawJSON: String? = nil, fetchedAt: Date) {
        self.nickName = nickName
        self.headImage = headImage
        self.userName = userName
        self.alias = alias
        self.principalName = principalName
        self.signature = signature
        self.qrcodeURL = qrcodeURL
        self.serviceType = serviceType
        self.verifyType = verifyType
        self.accountType = accountType
        self.rawJSON = rawJSON
        self.fetchedAt = fetchedAt
    }

    /// WeChat's verify_type_info: -1 unverified; 0 and above are kinds of verification.
    public var isVerified: Bool { (verifyType ?? -1) >= 0 }
}

/// One account authorized to the platform, with its credentials.
public struct AuthorizerRecord: Codable, Sendable, Equatable {
    public var appID: String
    public var componentAppID: String
    public var status: AuthorizerStatus
    /// Why the status is what it is (e.g. "61023 refresh token invalid, not in authorizer list").
    public var statusReason: String?
    public var accessToken: String?
    public var accessTokenExpiresAt: Date?
    /// Never lost: only ever replaced by a non-empty value WeChat returned.
    public var refreshToken: String?
    public var funcInfo: [Int]
    public var info: AccountInfo?
    /// The platform's own customer reference, from the start page's `ref`.
    public var ref: String?
    public var authorizedAt: Date?
    public var updatedAt: Date
    public var revokedAt: Date?
    /// SHA-256 of the last authorization code exchanged, so a push and a callback carrying the
    /// same code exchange it once.
    public var lastAuthorizationCodeHash: String?
    public var lastRefreshAt: Date?
    public var lastRefreshError: String?

    public init(appID: String, componentAppID: String, status: AuthorizerStatus = .authorized, updatedAt: Date) {
        self.appID = appID
        self.componentAppID = componentAppID
        self.status = status
        self.funcInfo = []
        self.updatedAt = updatedAt
    }

    public var accountType: AccountType { info?.accountType ?? .unknown }
}

/// One entry of the bounded event log: pushes received, authorizations, token refreshes,
/// status changes. `detail` is for people and never holds a secret.
public struct EventRecord: Codable, Sendable, Equatable {
    /// Increasing, assigned by the store.
    public var id: Int64
    public var at: Date
    /// e.g. `push.component_verify_ticket`, `authorizer.authorized`, `token.refreshed`,
    /// `token.refresh_failed`, `authorizer.status_changed`, `push.rejected`.
    public var kind: String
    public var appID: String?
    /// `ok`, `rejected`, `failed` or `ignored`.
    public var outcome: String
    public var detail: String

    public init(id: Int64 = 0, at: Date, kind: String, appID: String? = nil, outcome: String = "ok", detail: String = "") {
        self.id = id
        self.at = at
        self.kind = kind
        self.appID = appID
        self.outcome = outcome
        self.detail = detail
    }
}
