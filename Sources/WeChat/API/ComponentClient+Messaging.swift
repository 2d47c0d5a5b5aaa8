/// Calls made as an authorized account, with its authorizer access token.
extension ComponentClient {
    /// POST /cgi-bin/message/custom/send: a customer-service text message to a user who
    /// wrote to the account recently (also the last step of the full-release check).
    public func sendCustomText(authorizerToken: String, toUser openID: String, content: String) async throws {
        let body: JSONBody = ["touser": .string(openID), "msgtype": "text", "text": ["content": .string(content)]]
        try await call(.sendCustomMessage, query: [("access_token", authorizerToken)], body: body,
                       secrets: [authorizerToken], decode: Self.ignoringBody)
    }

    /// GET /cgi-bin/ticket/getticket: the account's JS-SDK ticket (`type=jsapi`, for
    /// `wx.config`) or its card ticket (`type=wx_card`, for card signatures). Both live 7200 s
    /// and getticket's daily quota is small: cache them.
    public func jsapiTicket(authorizerToken: String, type: JSAPITicket.Kind = .jsapi) async throws -> JSAPITicket {
        try await call(.jsapiTicket, query: [("access_token", authorizerToken), ("type", type.rawValue)],
                       secrets: [authorizerToken], decode: Self.json(JSAPITicket.self))
    }
}
