import Foundation

/// An authorizer as the API shows it: everything but the secrets, written from the record.
/// Pages of them are written by hand (`object`); `Encodable` serves the deliveries, and a test
/// holds the two to the same bytes.
struct AuthorizerJSON: Encodable {
    var record: AuthorizerRecord

    init(_ record: AuthorizerRecord) { self.record = record }

    private var info: AccountInfo? { record.info }
    private var verified: Bool { info?.isVerified ?? false }
    private var permissions: [String] { record.funcInfo.map { PermissionSet.name($0, language: "en") } }

    enum CodingKeys: String, CodingKey {
        case authorizerAppID = "authorizer_appid", status, statusReason = "status_reason", type, nickName = "nick_name"
        case headImg = "head_img", userName = "user_name", alias, principalName = "principal_name", signature
        case qrcodeURL = "qrcode_url", serviceType = "service_type", verifyType = "verify_type", verified
        case funcInfo = "func_info", permissions, ref, authorizedAt = "authorized_at", updatedAt = "updated_at"
        case revokedAt = "revoked_at", accessTokenExpiresAt = "access_token_expires_at", hasRefreshToken = "has_refresh_token"
        case lastRefreshAt = "last_refresh_at", lastRefreshError = "last_refresh_error"
    }

    /// Absent optionals left out, as a synthesized encoder would.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.appID, forKey: .authorizerAppID)
        try container.encode(record.status.rawValue, forKey: .status)
        try container.encodeIfPresent(record.statusReason, forKey: .statusReason)
        try container.encode(record.accountType.rawValue, forKey: .type)
        try container.encodeIfPresent(info?.nickName, forKey: .nickName)
        try container.encodeIfPresent(info?.headImage, forKey: .headImg)
        try container.encodeIfPresent(info?.userName, forKey: .userName)
        try container.encodeIfPresent(info?.alias, forKey: .alias)
        try container.encodeIfPresent(info?.principalName, forKey: .principalName)
        try container.encodeIfPresent(info?.signature, forKey: .signature)
        try container.encodeIfPresent(info?.qrcodeURL, forKey: .qrcodeURL)
        try container.encodeIfPresent(info?.serviceType, forKey: .serviceType)
        try container.encodeIfPresent(info?.verifyType, forKey: .verifyType)
        try container.encode(verified, forKey: .verified)
        try container.encode(record.funcInfo, forKey: .funcInfo)
        try container.encode(permissions, forKey: .permissions)
        try container.encodeIfPresent(record.ref, forKey: .ref)
        try container.encodeIfPresent(record.authorizedAt, forKey: .authorizedAt)
        try container.encode(record.updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(record.revokedAt, forKey: .revokedAt)
        try container.encodeIfPresent(record.accessTokenExpiresAt, forKey: .accessTokenExpiresAt)
        try container.encode(record.refreshToken != nil, forKey: .hasRefreshToken)
        try container.encodeIfPresent(record.lastRefreshAt, forKey: .lastRefreshAt)
        try container.encodeIfPresent(record.lastRefreshError, forKey: .lastRefreshError)
    }
}

extension AuthorizerJSON {
    /// What `APIResponse.encoder` writes (keys sorted, absent optionals left out), without its
    /// cost: a page of 50 spent most of its time in `JSONEncoder`.
    var object: JSONObjectBuilder {
        var json = JSONObjectBuilder(capacity: 1024)
        json.addIfPresent("access_token_expires_at", record.accessTokenExpiresAt)
        json.addIfPresent("alias", info?.alias)
        json.addIfPresent("authorized_at", record.authorizedAt)
        json.add("authorizer_appid", record.appID)
        json.add("func_info", record.funcInfo)
        json.add("has_refresh_token", record.refreshToken != nil)
        json.addIfPresent("head_img", info?.headImage)
        json.addIfPresent("last_refresh_at", record.lastRefreshAt)
        json.addIfPresent("last_refresh_error", record.lastRefreshError)
        json.addIfPresent("nick_name", info?.nickName)
        json.add("permissions", permissions)
        json.addIfPresent("principal_name", info?.principalName)
        json.addIfPresent("qrcode_url", info?.qrcodeURL)
        json.addIfPresent("ref", record.ref)
        json.addIfPresent("revoked_at", record.revokedAt)
        json.addIfPresent("service_type", info?.serviceType)
        json.addIfPresent("signature", info?.signature)
        json.add("status", record.status.rawValue)
        json.addIfPresent("status_reason", record.statusReason)
        json.add("type", record.accountType.rawValue)
        json.add("updated_at", record.updatedAt)
        json.addIfPresent("user_name", info?.userName)
        json.add("verified", verified)
        json.addIfPresent("verify_type", info?.verifyType)
        return json
    }
}
