import Foundation

/// A customer-service message sent through `/cgi-bin/message/custom/send`.
public struct CustomMessage: Sendable, Equatable {
    /// The account whose authorizer token sent it.
    public var authorizerAppID: String
    public var toUser: String
    public var msgType: String
    /// `text.content` for text messages.
    public var content: String?
    /// The request body as sent.
    public var body: String
    /// On the simulator's clock.
    public var time: Date
}
