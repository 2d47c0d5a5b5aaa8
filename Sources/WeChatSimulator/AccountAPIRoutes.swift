import Foundation
import HTTPServer

/// Calls the platform makes as an authorized account, with its authorizer access token.
extension WeChatSimulator {
    func accountAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/message/custom/send", api("message_custom_send", sendCustomMessage))
        router.get("/cgi-bin/ticket/getticket", api("ticket_getticket", jsapiTicket))
        router.get("/cgi-bin/getcallbackip", api("getcallbackip", callbackIP))
        return router
    }

    /// Records the message for tests (and the full-release check). Needs permission set 1
    /// (messages) or, for a mini program, 19 (customer-service messages); 61007 without either.
    @Sendable private func sendCustomMessage(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in
            let appID = try state.requireAuthorizerToken(request.query["access_token"], now: now)
            guard let authorization = state.authorizations.active(appID) else { throw .notAuthorized }
            guard authorization.funcIDs.contains(PermissionSet.messages) || authorization.funcIDs.contains(PermissionSet.miniProgramCustomerService)
            else { throw .permissionMissing }
            guard let toUser = body.string("touser"), !toUser.isEmpty else { throw .invalidOpenID }
            guard let msgType = body.string("msgtype"), !msgType.isEmpty else { throw .invalidMessageType }
            var content: String?
            if msgType == "text" {
                guard let text = body.object("text")?.string("content"), !text.isEmpty else { throw .emptyContent }
                content = text
            }
            state.record(CustomMessage(authorizerAppID: appID, toUser: toUser, msgType: msgType, content: content,
                                       body: String(decoding: request.body, as: UTF8.self), time: now))
        }
        return .ok
    }

    /// `type=jsapi` (or `wx_card`); the same ticket until it expires.
    @Sendable private func jsapiTicket(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let (ticket, lifetime) = try withState { state throws(APIError) in
            let appID = try state.requireAuthorizerToken(request.query["access_token"], now: now)
            guard let type = request.query["type"], type == "jsapi" || type == "wx_card" else { throw .invalidArgs }
            let lifetime = state.settings.tokenLifetime
            return (state.accounts.jsapiTicket(for: appID + "|" + type, now: now, lifetime: lifetime), Int(lifetime))
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("ticket", .string(ticket)),
                        ("expires_in", .int(lifetime))])
    }

    /// A cheap authorizer-token check: 40001 unknown or replaced, 42001 expired.
    @Sendable private func callbackIP(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        _ = try withState { state throws(APIError) in try state.requireAuthorizerToken(request.query["access_token"], now: now) }
        return .object([("ip_list", .array(["101.226.62.77", "101.226.62.78", "101.226.62.79", "101.226.103.0/25"]
            .map { .string($0) }))])
    }
}
