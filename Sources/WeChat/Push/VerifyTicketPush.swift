/// `InfoType=component_verify_ticket`: WeChat's ticket, pushed every 10 minutes, valid 12 hours.
public struct VerifyTicketPush: Sendable, Equatable, CustomStringConvertible {
    /// The component appid the ticket belongs to; key the stored ticket by it.
    public var appID: String
    /// Unix seconds.
    public var createTime: Int64
    public var ticket: String

    public init(appID: String, createTime: Int64, ticket: String) {
        self.appID = appID
        self.createTime = createTime
        self.ticket = ticket
    }

    init(_ fields: PushFields) throws(PushParseError) {
        appID = try fields.required("AppId")
        createTime = try fields.requiredInteger("CreateTime")
        ticket = try fields.required("ComponentVerifyTicket")
    }

    var xmlFields: [(String, XMLValue)] {
        [("ComponentVerifyTicket", .text(ticket))]
    }

    public var description: String {
        "VerifyTicketPush(appID: \(appID), createTime: \(createTime), ticket: \(redacted(ticket)))"
    }
}
