import Foundation
import WeChat
import WXOpenSupport

/// The message URL's messages and events (`/wechat/messages/:appid`). For now it answers
/// WeChat's full-release check (全网发布) and acknowledges everything else.
///
/// The path's appid is an authorizer appid and is not signed; what proves a message is for us is
/// the appid sealed after it (our component appid, checked by the decryption). Its `ToUserName`
/// is the account's original id (`gh_…`), not an appid: when we know the account's user name, a
/// message addressed to another account is refused, so a message cannot be passed off as
/// another account's by posting it to that account's URL.
struct AccountMessageHandler: PushHandler {
    let platform: Platform

    static let testText = "TESTCOMPONENT_MSG_TYPE_TEXT"
    static let queryAuthPrefix = "QUERY_AUTH_CODE:"

    struct Message: Sendable {
        var appID: String
        var message: AccountMessage
    }

    func parse(_ context: PushContext) async throws -> Message {
        let appID = context.pathParameters["appid"] ?? ""
        let message = try AccountMessage(xml: context.decrypted.plaintext)
        // A store that cannot read the account back fails elsewhere, loudly; here it only means
        // the user name is not known.
        if let userName = (try? await platform.store.authorizer(appID: appID))??.info?.userName, !userName.isEmpty,
           userName != message.toUserName {
            throw PushRejection("ToUserName is not the user name of the account in the URL",
                                detail: "\(message.toUserName) posted to the URL of \(appID) (\(userName))")
        }
        return Message(appID: appID, message: message)
    }

    func handle(_ push: Message, context: PushContext) async throws -> PushOutcome {
        let message = push.message
        let logger = context.logger.with(["authorizer_appid": push.appID])
        switch message.kind {
        case .event(let event, _):
            return reply(to: message, "\(event)from_callback", context: context)
        case .text(let content, _) where content == Self.testText:
            return reply(to: message, "\(Self.testText)_callback", context: context)
        case .text(let content, _) where content.hasPrefix(Self.queryAuthPrefix):
            let code = String(content.dropFirst(Self.queryAuthPrefix.count))
            answerWithAPI(code: code, to: message.fromUserName, logger: logger)
            // WeChat wants an empty reply now, and the answer through the customer-service API.
            return .empty
        default:
            logger.debug("message_received", ["msg_type": message.msgType])
            return .success
        }
    }

    private func reply(to message: AccountMessage, _ content: String, context: PushContext) -> PushOutcome {
        .reply(xml: message.textReply(content, createTime: Int64(context.receivedAt.timeIntervalSince1970)), key: context.decrypted.key)
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
