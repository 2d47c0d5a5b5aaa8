/// `InfoType=component_verify_ticket`: WeChat's ticket, pushed every 10 minutes, valid 12 hours.
/// Key the stored ticket by `appID`, the component it belongs to.
public struct VerifyTicketPush: ComponentPushBody, Equatable, CustomStringConvertible {
    public var header: PushHeader
    public var ticket: String
}

extension VerifyTicketPush {
    init(_ fields: PushFields) throws(PushParseError) {
        try self.init(header: PushHeader(fields), ticket: fields.required("ComponentVerifyTicket"))
    }

    public var xmlFields: [(String, XMLValue)] {
        [("ComponentVerifyTicket", .text(ticket))]
    }

    public var description: String {
        "VerifyTicketPush(appID: \(appID), createTime: \(createTime), ticket: \(redacted(ticket)))"
    }
}
