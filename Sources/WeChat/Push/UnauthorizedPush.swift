/// `InfoType=unauthorized`: an account withdrew its authorization; its tokens are dead.
public struct UnauthorizedPush: Sendable, Equatable {
    public var appID: String
    /// Unix seconds.
    public var createTime: Int64
    public var authorizerAppID: String

    public init(appID: String, createTime: Int64, authorizerAppID: String) {
        self.appID = appID
        self.createTime = createTime
        self.authorizerAppID = authorizerAppID
    }

    init(_ fields: PushFields) throws(PushParseError) {
        appID = try fields.required("AppId")
        createTime = try fields.requiredInteger("CreateTime")
        authorizerAppID = try fields.required("AuthorizerAppid")
    }

    var xmlFields: [(String, XMLValue)] {
        [("AuthorizerAppid", .text(authorizerAppID))]
    }
}
