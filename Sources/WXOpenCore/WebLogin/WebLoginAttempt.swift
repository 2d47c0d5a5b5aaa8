import WeChat
import WXOpenSupport

/// A login in progress, between `/weblogin/:appid/start` and WeChat's redirect to the callback,
/// remembered under its `state`.
struct WebLoginAttempt: Sendable, Equatable {
    var appID: String
    var scope: OAuthScope
    /// Checked against `webLogin.returnURLPrefixes` at the start.
    var returnTo: String
    /// SHA-256 of the browser id in the cookie of the browser that started the login.
    var browserDigest: [UInt8]

    /// Where the person can start this login again (a relative link on our own site).
    var restartPath: String {
        "/weblogin/\(PercentEncoding.encode(appID))/start?scope=\(scope.rawValue)&return_to=\(PercentEncoding.encode(returnTo))"
    }
}

/// As kept in the store while the login is in progress (`WebLoginLedger`).
extension WebLoginAttempt: Codable {
    enum CodingKeys: String, CodingKey {
        case appID = "appid", scope, returnTo = "return_to", browserDigest = "browser"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        appID = try container.decode(String.self, forKey: .appID)
        scope = try OAuthScope.decode(from: container, forKey: .scope)
        returnTo = try container.decode(String.self, forKey: .returnTo)
        browserDigest = try container.decode([UInt8].self, forKey: .browserDigest)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(appID, forKey: .appID)
        try container.encode(scope.rawValue, forKey: .scope)
        try container.encode(returnTo, forKey: .returnTo)
        try container.encode(browserDigest, forKey: .browserDigest)
    }
}

extension OAuthScope {
    /// A scope kept as its raw value, read back (WeChat's type is not `Codable` itself).
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> OAuthScope {
        let raw = try container.decode(String.self, forKey: key)
        guard let scope = OAuthScope(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a scope")
        }
        return scope
    }
}
