import Foundation

/// An authorizer as the API shows it: everything but the secrets. Pages of them are written by
/// hand (`object`); `Encodable` serves the deliveries, and a test holds the two to the same bytes.
struct AuthorizerJSON: Encodable {
    var authorizerAppID: String
    var status: String
    var statusReason: String?
    var type: String
    var nickName: String?
    var headImg: String?
    var userName: String?
    var alias: String?
    var principalName: String?
    var signature: String?
    var qrcodeURL: String?
    var serviceType: Int?
    var verifyType: Int?
    var verified: Bool
    var funcInfo: [Int]
    var permissions: [String]
    var ref: String?
    var authorizedAt: Date?
    var updatedAt: Date
    var revokedAt: Date?
    var accessTokenExpiresAt: Date?
    var hasRefreshToken: Bool
    var lastRefreshAt: Date?
    var lastRefreshError: String?

    enum CodingKeys: String, CodingKey {
        case authorizerAppID = "authorizer_appid", status, statusReason = "status_reason", type, nickName = "nick_name"
        case headImg = "head_img", userName = "user_name", alias, principalName = "principal_name", signature
        case qrcodeURL = "qrcode_url", serviceType = "service_type", verifyType = "verify_type", verified
        case funcInfo = "func_info", permissions, ref, authorizedAt = "authorized_at", updatedAt = "updated_at"
        case revokedAt = "revoked_at", accessTokenExpiresAt = "access_token_expires_at", hasRefreshToken = "has_refresh_token"
        case lastRefreshAt = "last_refresh_at", lastRefreshError = "last_refresh_error"
    }

    init(_ record: AuthorizerRecord) {
        authorizerAppID = record.appID
        status = record.status.rawValue
        statusReason = record.statusReason
        type = record.accountType.rawValue
        nickName = record.info?.nickName
        headImg = record.info?.headImage
        userName = record.info?.userName
        alias = record.info?.alias
        principalName = record.info?.principalName
        signature = record.info?.signature
        qrcodeURL = record.info?.qrcodeURL
        serviceType = record.info?.serviceType
        verifyType = record.info?.verifyType
        verified = record.info?.isVerified ?? false
        funcInfo = record.funcInfo
        permissions = record.funcInfo.map { PermissionSet.name($0, language: "en") }
        ref = record.ref
        authorizedAt = record.authorizedAt
        updatedAt = record.updatedAt
        revokedAt = record.revokedAt
        accessTokenExpiresAt = record.accessTokenExpiresAt
        hasRefreshToken = record.refreshToken != nil
        lastRefreshAt = record.lastRefreshAt
        lastRefreshError = record.lastRefreshError
    }
}

extension AuthorizerJSON {
    /// What `APIResponse.encoder` writes (keys sorted, absent optionals left out), without its
    /// cost: a page of 50 spent most of its time in `JSONEncoder`.
    var object: JSONObjectBuilder {
        var json = JSONObjectBuilder(capacity: 1024)
        json.addIfPresent("access_token_expires_at", accessTokenExpiresAt)
        json.addIfPresent("alias", alias)
        json.addIfPresent("authorized_at", authorizedAt)
        json.add("authorizer_appid", authorizerAppID)
        json.add("func_info", funcInfo)
        json.add("has_refresh_token", hasRefreshToken)
        json.addIfPresent("head_img", headImg)
        json.addIfPresent("last_refresh_at", lastRefreshAt)
        json.addIfPresent("last_refresh_error", lastRefreshError)
        json.addIfPresent("nick_name", nickName)
        json.add("permissions", permissions)
        json.addIfPresent("principal_name", principalName)
        json.addIfPresent("qrcode_url", qrcodeURL)
        json.addIfPresent("ref", ref)
        json.addIfPresent("revoked_at", revokedAt)
        json.addIfPresent("service_type", serviceType)
        json.addIfPresent("signature", signature)
        json.add("status", status)
        json.addIfPresent("status_reason", statusReason)
        json.add("type", type)
        json.add("updated_at", updatedAt)
        json.addIfPresent("user_name", userName)
        json.add("verified", verified)
        json.addIfPresent("verify_type", verifyType)
        return json
    }
}
