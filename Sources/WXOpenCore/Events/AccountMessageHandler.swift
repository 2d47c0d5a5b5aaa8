import Foundation
import WeChat
import WXOpenSupport

/// The message URL's messages and events (`/wechat/messages/:appid`): users' messages, menu
/// clicks, subscriptions, mini program audit results, … of every authorized account. Each is
/// handed to the platform's services (`ForwardingService`), durably before WeChat is answered;
/// without `forwarding` it is answered `success` and recorded in the event log. WeChat's
/// full-release check is answered for its test accounts only (`FullReleaseCheck`).
///
/// The path's appid is an authorizer appid and is not signed; what proves a message is for us is
/// the appid sealed after it (our component appid, checked by the decryption). Its `ToUserName`
/// is the account's original id (`gh_…`), not an appid: when we know the account's user name, a
/// message addressed to another account is refused, so a message cannot be passed off as
/// another account's by posting it to that account's URL.
struct AccountMessageHandler: PushHandler {
    let platform: Platform
    /// Sees every message once it is durably accepted (mini program audit results reach the
    /// release service this way).
    var observer: (any AccountMessageObserver)?

    struct Message: Sendable {
        var appID: String
        var root: XMLElement
        var message: AccountMessage
        var account: Account
    }

    /// Whose URL the message came to.
    enum Account: Sendable {
        /// One of WeChat's full-release test accounts (answered by `FullReleaseCheck`).
        case fullReleaseTest
        /// An account wxopen has stored.
        case stored
        /// One it has not: still answered and forwarded.
        case unknown
    }

    func parse(_ context: PushContext) async throws -> Message {
        let appID = context.pathParameters["appid"] ?? ""
        let root = try WeChatXML.parse(context.decrypted.plaintext)
        let message = try AccountMessage(element: root)
        if let test = FullReleaseCheck.account(userName: message.toUserName) {
            guard test.appID == appID else {
                throw PushRejection("ToUserName is a full-release test account that the URL's appid is not",
                                    detail: "\(message.toUserName) posted to the URL of \(appID)")
            }
            return Message(appID: appID, root: root, message: message, account: .fullReleaseTest)
        }
        // A store that cannot read the account back fails elsewhere, loudly; here it only means
        // the user name is not known.
        let record = (try? await platform.store.authorizer(appID: appID)) ?? nil
        if let userName = record?.info?.userName, !userName.isEmpty, userName != message.toUserName {
            throw PushRejection("ToUserName is not the user name of the account in the URL",
                                detail: "\(message.toUserName) posted to the URL of \(appID) (\(userName))")
        }
        return Message(appID: appID, root: root, message: message, account: record == nil ? .unknown : .stored)
    }

    func handle(_ push: Message, context: PushContext) async throws -> PushOutcome {
        if push.account == .fullReleaseTest, let answer = FullReleaseCheck(platform: platform).answer(push.message, appID: push.appID, context: context) {
            return answer
        }
        let logger = context.logger.with(["authorizer_appid": push.appID])
        if push.account == .unknown {
            logger.warning("message_unknown_account", ["msg_type": push.message.msgType,
                                                       "action": "answered success and forwarded; the account is not stored here"])
        }
        guard let forwarding = platform.forwarding else {
            let outcome = try await keep(push, context: context)
            await observer?.accepted(push.message, appID: push.appID)
            return outcome
        }
        let forwarded = try await forwarding.forward(push.message, root: push.root, appID: push.appID, context: context)
        await observer?.accepted(push.message, appID: push.appID)
        switch forwarded {
        case .reply(let xml): return .reply(xml: xml, key: context.decrypted.key)
        case .accepted, .duplicate: return .success
        }
    }

    /// Without forwarding: one event-log entry per message (WeChat's retries merged), naming
    /// its kind, never its content.
    private func keep(_ push: Message, context: PushContext) async throws -> PushOutcome {
        let now = context.receivedAt
        let message = push.message
        let key = ForwardingService.dedupeKey(message, appID: push.appID)
        let write = try await platform.store.writeEntry(.messageDedupe, key: key, value: "", expiresAt: now + ForwardingService.dedupeWindow,
                                                        now: now, when: .absent)
        guard write.entry != nil else { return .success }
        var detail = "MsgType \(message.msgType)"
        if case .event(let event, let eventKey) = message.kind { detail += ", Event \(event)" + (eventKey.map { ", EventKey \($0)" } ?? "") }
        await platform.events.record("message.received", appID: push.appID, outcome: push.account == .unknown ? "ignored" : "ok",
                                     detail + " (no forwarding configured)")
        return .success
    }
}
