import Foundation
import WeChat
import WXOpenSupport

/// WeChat's full-release check (全网发布接入检测), as WeChat runs it now: a ticket push, then,
/// from one of five groups of dedicated test accounts chosen at random, an official account's
/// text `TESTCOMPONENT_MSG_TYPE_TEXT` (answered with the text reply
/// `TESTCOMPONENT_MSG_TYPE_TEXT_callback`) and `QUERY_AUTH_CODE:$code` from the official account
/// and from the mini program (answered empty at once; then `$code` is exchanged and
/// `$code_from_api` sent to the sender through the customer-service API). WeChat authorizes the
/// test accounts by itself and pushes the same code as `authorized` too.
///
/// Only these ten accounts get this treatment, recognised by the signed `ToUserName`; every other
/// account's messages, a text that starts with `QUERY_AUTH_CODE:` included, are forwarded and
/// never exchanged. The older check's event case (`{Event}from_callback`) is gone: no account
/// gets that reply.
struct FullReleaseCheck: Sendable {
    struct TestAccount: Sendable, Equatable {
        var appID: String
        var userName: String
        var type: AccountType
    }

    /// Groups 1 to 5, each an official account and a mini program (全网发布检测说明).
    static let accounts: [TestAccount] = [
        ("wx570bc396a51b8ff8", "gh_3c884a361561", "wxd101a85aa106f53e", "gh_8dad206e9538"),
        ("wx9252c5e0bb1836fc", "gh_c0f28a78b318", "wxc39235c15087f6f3", "gh_905ae9d01059"),
        ("wx8e1097c5bc82cde9", "gh_3f222ed8d140", "wx7720d01d4b2a4500", "gh_393666f1fdf4"),
        ("wx14550af28c71a144", "gh_26128078e9ab", "wx05d483572dcd5d8b", "gh_39abb5d4e1b7"),
        ("wxa35b9c23cfe664eb", "gh_2b3713f184a6", "wx5910277cae6fd970", "gh_7818dcb60240"),
    ].flatMap { group in
        [TestAccount(appID: group.0, userName: group.1, type: .officialAccount),
         TestAccount(appID: group.2, userName: group.3, type: .miniProgram)]
    }

    static let testText = "TESTCOMPONENT_MSG_TYPE_TEXT"
    static let queryAuthPrefix = "QUERY_AUTH_CODE:"

    static func account(userName: String) -> TestAccount? { accounts.first { $0.userName == userName } }

    let platform: Platform

    /// The check's answer to one of its messages; nil for any other message of a test account
    /// (forwarded like every other).
    func answer(_ message: AccountMessage, appID: String, context: PushContext) -> PushOutcome? {
        guard case .text(let content, _) = message.kind else { return nil }
        if content == Self.testText {
            let reply = message.textReply("\(Self.testText)_callback", createTime: Int64(context.receivedAt.timeIntervalSince1970))
            return .reply(xml: reply, key: context.decrypted.key)
        }
        guard content.hasPrefix(Self.queryAuthPrefix) else { return nil }
        let code = String(content.dropFirst(Self.queryAuthPrefix.count))
        answerWithAPI(code: code, appID: appID, to: message.fromUserName, logger: context.logger.with(["authorizer_appid": appID]))
        // WeChat wants an empty answer now, and the answer through the customer-service API.
        return .empty
    }

    /// Exchanges the code (its details are fetched after the answer is sent, so they cannot
    /// delay it) and sends `$code_from_api`. The same code may have come in the `authorized`
    /// push and been exchanged there already: the exchange then finds the stored account, or
    /// WeChat calls the code used, and the stored token serves.
    private func answerWithAPI(code: String, appID: String, to openID: String, logger: Logger) {
        let platform = platform
        Task.detached {
            do {
                let record: AuthorizerRecord
                do {
                    record = try await platform.authorization.exchange(code: code, appID: appID, source: "full-release check",
                                                                       detailsLater: true)
                } catch let error as PlatformError {
                    guard case .wechat(let wechat) = error, wechat.kind == .codeInvalid,
                          let stored = try await platform.store.authorizer(appID: appID) else { throw error }
                    logger.info("full_release_code_used", ["action": "using the token its authorized push stored"])
                    record = stored
                }
                guard let token = record.accessToken else {
                    logger.error("full_release_check_failed", ["reason": "no access token for the test account"])
                    return
                }
                try await platform.client.sendCustomText(authorizerToken: token, toUser: openID, content: "\(code)_from_api")
                logger.info("full_release_check_answered")
            } catch {
                logger.error("full_release_check_failed", ["error": "\(error)"])
            }
        }
    }
}
