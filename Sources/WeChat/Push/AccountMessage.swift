/// A decrypted message or event posted to an authorized account's message URL.
public struct AccountMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `MsgType=text`. `msgID` is absent in some test messages.
        case text(content: String, msgID: String?)
        /// `MsgType=event`.
        case event(event: String, eventKey: String?)
        /// Any other MsgType (image, voice, location, …); read `fields`.
        case other
    }

    /// The account the message was sent to (its `gh_…` user name).
    public var toUserName: String
    /// The sender's openid.
    public var fromUserName: String
    /// Unix seconds.
    public var createTime: Int64
    public var msgType: String
    public var kind: Kind
    /// Every leaf field of the message as sent, typed ones included.
    public var fields: [String: String]

    public init(xml: String) throws(PushParseError) {
        try self.init(PushFields(xml: xml))
    }

    public init(element: XMLElement) throws(PushParseError) {
        try self.init(PushFields(element))
    }

    private init(_ fields: PushFields) throws(PushParseError) {
        toUserName = try fields.required("ToUserName")
        fromUserName = try fields.required("FromUserName")
        createTime = try fields.requiredInteger("CreateTime")
        msgType = try fields.required("MsgType")
        switch msgType {
        case "text": kind = .text(content: try fields.required("Content", allowEmpty: true), msgID: fields.optional("MsgId"))
        case "event": kind = .event(event: try fields.required("Event"), eventKey: fields.optional("EventKey"))
        default: kind = .other
        }
        self.fields = fields.all
    }

    /// A text message, with `fields` filled to match.
    public static func text(
        toUserName: String, fromUserName: String, createTime: Int64, content: String, msgID: String? = nil
    ) -> AccountMessage {
        AccountMessage(toUserName, fromUserName, createTime, .text(content: content, msgID: msgID))
    }

    /// An event, with `fields` filled to match.
    public static func event(
        toUserName: String, fromUserName: String, createTime: Int64, event: String, eventKey: String? = nil
    ) -> AccountMessage {
        AccountMessage(toUserName, fromUserName, createTime, .event(event: event, eventKey: eventKey))
    }

    /// The inverse of the parser for the typed kinds: MsgType and the kind's fields from `kind`,
    /// then the header fields, so that `fields` reads as WeChat would have sent it.
    private init(_ toUserName: String, _ fromUserName: String, _ createTime: Int64, _ kind: Kind) {
        var specific: [String: String] = [:]
        switch kind {
        case .text(let content, let msgID):
            msgType = "text"
            specific["Content"] = content
            specific["MsgId"] = msgID
        case .event(let event, let eventKey):
            msgType = "event"
            specific["Event"] = event
            specific["EventKey"] = eventKey
        case .other:
            preconditionFailure("AccountMessage: an untyped message has no fields to build it from")
        }
        self.toUserName = toUserName
        self.fromUserName = fromUserName
        self.createTime = createTime
        self.kind = kind
        self.fields = specific.merging([
            "ToUserName": toUserName, "FromUserName": fromUserName,
            "CreateTime": String(createTime), "MsgType": msgType,
        ]) { _, header in header }
    }
}
