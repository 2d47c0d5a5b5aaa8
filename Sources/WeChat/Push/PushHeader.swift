/// What every push to the authorization event URL carries besides its kind: the component it is
/// for (`AppId`) and when WeChat sent it (`CreateTime`, Unix seconds: WeChat's clock, or a
/// forger's, so never the only thing an order is decided by).
public struct PushHeader: Sendable, Equatable {
    public var appID: String
    public var createTime: Int64
}

extension PushHeader {
    init(_ fields: PushFields) throws(PushParseError) {
        try self.init(appID: fields.required("AppId"), createTime: fields.requiredInteger("CreateTime"))
    }
}

/// One kind of push: its header and the fields after `InfoType`.
public protocol ComponentPushBody: Sendable {
    var header: PushHeader { get }
    /// The fields after AppId, CreateTime and InfoType, as WeChat writes them.
    var xmlFields: [(String, XMLValue)] { get }
}

extension ComponentPushBody {
    public var appID: String { header.appID }
    public var createTime: Int64 { header.createTime }
}
