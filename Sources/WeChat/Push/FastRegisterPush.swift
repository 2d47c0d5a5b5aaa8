/// `InfoType=notify_third_fasteregister`: the outcome of registering a mini program through the
/// platform. The lower-case field names are WeChat's own.
public struct FastRegisterPush: ComponentPushBody, Equatable, CustomStringConvertible {
    public var header: PushHeader
    /// `appid`: the new mini program; absent or empty when registration failed.
    public var registeredAppID: String?
    /// `status`: 0 on success, otherwise WeChat's error code.
    public var status: Int64
    /// `auth_code`: exchange it like an authorization code; absent when registration failed.
    public var authCode: String?
    /// `msg`.
    public var message: String?
    /// The leaf fields of `<info>` (name, code, code_type, legal_persona_wechat, …), kept as
    /// text because WeChat adds to them.
    public var info: [String: String]
}

extension FastRegisterPush {
    init(_ fields: PushFields) throws(PushParseError) {
        try self.init(header: PushHeader(fields), registeredAppID: fields.optional("appid"), status: fields.requiredInteger("status"),
                      authCode: fields.optional("auth_code"), message: fields.optional("msg"),
                      info: fields.root.child(named: "info")?.leafFields ?? [:])
    }

    public var xmlFields: [(String, XMLValue)] {
        var fields: [(String, XMLValue)] = []
        if let registeredAppID { fields.append(("appid", .text(registeredAppID))) }
        fields.append(("status", .number(status)))
        if let authCode { fields.append(("auth_code", .text(authCode))) }
        if let message { fields.append(("msg", .text(message))) }
        if !info.isEmpty {
            fields.append(("info", .elements(info.keys.sorted().map { ($0, .text(info[$0]!)) })))
        }
        return fields
    }

    public var description: String {
        "FastRegisterPush(appID: \(appID), createTime: \(createTime), registeredAppID: \(registeredAppID ?? "-"), "
            + "status: \(status), authCode: \(authCode.map(redacted) ?? "-"))"
    }
}
