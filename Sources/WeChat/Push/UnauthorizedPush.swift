/// `InfoType=unauthorized`: an account withdrew its authorization; its tokens are dead.
public struct UnauthorizedPush: ComponentPushBody, Equatable {
    public var header: PushHeader
    public var authorizerAppID: String
}

extension UnauthorizedPush {
    init(_ fields: PushFields) throws(PushParseError) {
        try self.init(header: PushHeader(fields), authorizerAppID: fields.required("AuthorizerAppid"))
    }

    public var xmlFields: [(String, XMLValue)] {
        [("AuthorizerAppid", .text(authorizerAppID))]
    }
}
