/// Calls made as an authorized account, with its authorizer access token.
extension ComponentClient {
    /// POST /cgi-bin/message/custom/send: a customer-service text message to a user who
    /// wrote to the account recently (also the last step of the full-release check).
    public func sendCustomText(authorizerToken: String, toUser openID: String, content: String) async throws {
        let body = CustomTextMessage(toUser: openID, text: .init(content: content))
        try await call(.sendCustomMessage, query: [("access_token", authorizerToken)], body: body,
                       secrets: [authorizerToken], decode: Self.ignoringBody)
    }

    /// GET /cgi-bin/ticket/getticket?type=jsapi: the account's JS-SDK ticket.
    public func jsapiTicket(authorizerToken: String) async throws -> JSAPITicket {
        try await call(.jsapiTicket, query: [("access_token", authorizerToken), ("type", "jsapi")],
                       secrets: [authorizerToken], decode: Self.json(JSAPITicket.self))
    }
}

private struct CustomTextMessage: Encodable {
    struct Text: Encodable { let content: String }
    let toUser: String
    let msgType = "text"
    let text: Text
    enum CodingKeys: String, CodingKey {
        case toUser = "touser"
        case msgType = "msgtype"
        case text
    }
}
