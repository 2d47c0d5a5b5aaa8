import Foundation
import HTTPServer

/// Calls the platform makes as an authorized account, with its authorizer access token.
extension WeChatSimulator {
    func accountAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/message/custom/send", api("message_custom_send", .json, sendCustomMessage))
        router.get("/cgi-bin/ticket/getticket", api("ticket_getticket", .query, jsapiTicket))
        router.get("/cgi-bin/getcallbackip", api("getcallbackip", .query, callbackIP))
        return router
    }

    /// Records the message for tests (and the full-release check). Needs permission set 1
    /// (messages) or, for a mini program, 19 (customer-service messages); 61007 without either.
    @Sendable private func sendCustomMessage(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let (appID, body) = (try state.requireAuthorizerToken(call.query["access_token"], now: call.now), call.body)
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
                                   body: String(decoding: call.request.body, as: UTF8.self), time: call.now))
        return .ok
    }

    /// `type=jsapi` (or `wx_card`); the same ticket until it expires.
    @Sendable private func jsapiTicket(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let appID = try state.requireAuthorizerToken(call.query["access_token"], now: call.now)
        guard let type = call.query["type"], type == "jsapi" || type == "wx_card" else { throw .invalidArgs }
        let lifetime = state.settings.tokenLifetime
        return .ok(("ticket", .string(state.accounts.jsapiTicket(for: appID + "|" + type, now: call.now, lifetime: lifetime))),
                   ("expires_in", .int(Int(lifetime))))
    }

    /// A cheap authorizer-token check: 40001 unknown or replaced, 42001 expired.
    @Sendable private func callbackIP(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        _ = try state.requireAuthorizerToken(call.query["access_token"], now: call.now)
        return .object([("ip_list", .array(["101.226.62.77", "101.226.62.78", "101.226.62.79", "101.226.103.0/25"]
            .map { .string($0) }))])
    }
}
