import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// `POST /wechat/messages/:appid`: the message and event URL (消息与事件接收URL, registered as
/// `/wechat/messages/$APPID$`). It answers WeChat's full-release check (全网发布) and
/// acknowledges everything else with `success`.
struct MessageRoutes {
    let platform: Platform

    func add(to router: inout Router) {
        router.post("/wechat/messages/:appid", bodyLimit: ComponentEventRoutes.bodyLimit) { request in await receive(request) }
    }

    static let testText = "TESTCOMPONENT_MSG_TYPE_TEXT"
    static let queryAuthPrefix = "QUERY_AUTH_CODE:"

    func receive(_ request: HTTPRequest) async -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        let logger = platform.logger.with(["request_id": request.requestID, "authorizer_appid": appID])
        let decrypted: DecryptedMessage
        let message: AccountMessage
        do {
            (_, decrypted) = try platform.decryptIncoming(request)
            message = try AccountMessage(xml: decrypted.plaintext)
        } catch let rejection as PushRejection {
            logger.warning("message_rejected", ["reason": rejection.reason, "remote": request.remoteHost])
            await platform.rejections.note(rejection.reason)
            return HTTPResponse.text("rejected\n", status: .badRequest)
        } catch {
            logger.error("message_unreadable", ["error": "\(error)"])
            return HTTPResponse.text("success")
        }
        switch message.kind {
        case .event(let event, _):
            return reply(to: message, "\(event)from_callback", key: decrypted.key)
        case .text(let content, _) where content == Self.testText:
            return reply(to: message, "\(Self.testText)_callback", key: decrypted.key)
        case .text(let content, _) where content.hasPrefix(Self.queryAuthPrefix):
            let code = String(content.dropFirst(Self.queryAuthPrefix.count))
            answerWithAPI(code: code, to: message.fromUserName, logger: logger)
            // WeChat wants an empty reply now, and the answer through the customer-service API.
            return HTTPResponse(status: .ok, body: .empty)
        default:
            logger.debug("message_received", ["msg_type": message.msgType])
            return HTTPResponse.text("success")
        }
    }

    /// An encrypted text reply, with the key WeChat used for the message.
    private func reply(to message: AccountMessage, _ content: String, key: KeySlot) -> HTTPResponse {
        let now = platform.clock.now()
        let xml = message.textReply(content, createTime: Int64(now.timeIntervalSince1970))
        let envelope = platform.crypto.encryptedReply(xml, key: key, timestamp: String(Int(now.timeIntervalSince1970)),
                                                      nonce: String(UInt32.random(in: 100_000_000...UInt32.max)))
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: Data(envelope.utf8))
    }

    /// Exchanges the test's code and sends `$code_from_api` to the sender, after the reply.
    private func answerWithAPI(code: String, to openID: String, logger: Logger) {
        let platform = platform
        Task.detached {
            do {
                let record = try await platform.authorization.exchange(code: code, source: "full-release check")
                guard let token = record.accessToken else {
                    logger.error("full_release_check_failed", ["reason": "the exchange returned no access token"])
                    return
                }
                try await platform.client.sendCustomText(authorizerToken: token, toUser: openID, content: "\(code)_from_api")
                logger.info("full_release_check_answered", ["authorizer_appid": record.appID])
            } catch {
                logger.error("full_release_check_failed", ["error": "\(error)"])
            }
        }
    }
}
