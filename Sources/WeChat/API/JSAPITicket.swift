import WXOpenSupport
/// An official account's JS-SDK ticket (jsapi_ticket), from `/cgi-bin/ticket/getticket`.
public struct JSAPITicket: Sendable, Equatable, Decodable {
    /// getticket's `type`.
    public enum Kind: String, Sendable, CaseIterable {
        /// The ticket `wx.config` signatures are made with.
        case jsapi
        /// The card API's ticket (卡券 api_ticket), for card signatures.
        case wxCard = "wx_card"
    }

    public var ticket: String
    public var expiresIn: Int
}

extension JSAPITicket: ExpiringSecret {
    static let secretKey = "ticket"
    init(secret: String, expiresIn: Int) { self.init(ticket: secret, expiresIn: expiresIn) }
}

extension JSAPITicket: RedactedDescription {
    public var shownFields: [(String, String)] {
        [("ticket", Redaction.summary(ticket)), ("expiresIn", String(expiresIn))]
    }
}
