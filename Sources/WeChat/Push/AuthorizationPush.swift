/// `InfoType=authorized` and `updateauthorized`: an account granted (or changed) the platform's
/// permission sets. The same authorization code also reaches the redirect callback.
public struct AuthorizationPush: ComponentPushBody, Equatable, CustomStringConvertible {
    public var header: PushHeader
    public var authorizerAppID: String
    /// Exchange it with `api_query_auth` at once; it lives 10 minutes.
    public var authorizationCode: String
    /// Unix seconds.
    public var authorizationCodeExpiredTime: Int64
    /// The pre-auth code of the attempt. Optional because nothing depends on it: the exchange
    /// needs only the authorization code, so a push without it is still worth handling.
    public var preAuthCode: String?
}

extension AuthorizationPush {
    init(_ fields: PushFields) throws(PushParseError) {
        try self.init(header: PushHeader(fields), authorizerAppID: fields.required("AuthorizerAppid"),
                      authorizationCode: fields.required("AuthorizationCode"),
                      authorizationCodeExpiredTime: fields.requiredInteger("AuthorizationCodeExpiredTime"),
                      preAuthCode: fields.optional("PreAuthCode"))
    }

    public var xmlFields: [(String, XMLValue)] {
        var fields: [(String, XMLValue)] = [
            ("AuthorizerAppid", .text(authorizerAppID)),
            ("AuthorizationCode", .text(authorizationCode)),
            ("AuthorizationCodeExpiredTime", .number(authorizationCodeExpiredTime)),
        ]
        if let preAuthCode { fields.append(("PreAuthCode", .text(preAuthCode))) }
        return fields
    }

    public var description: String {
        "AuthorizationPush(appID: \(appID), createTime: \(createTime), authorizerAppID: \(authorizerAppID), "
            + "authorizationCode: \(redacted(authorizationCode)), expires: \(authorizationCodeExpiredTime))"
    }
}
