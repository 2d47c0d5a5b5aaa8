import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// `POST /wechat/component/events`: the authorization event URL (授权事件接收URL). WeChat
/// posts encrypted tickets and authorization events here and wants the text `success`.
struct ComponentEventRoutes {
    let platform: Platform

    static let bodyLimit = 64 * 1024

    func add(to router: inout Router) {
        router.post("/wechat/component/events", bodyLimit: Self.bodyLimit) { request in await receive(request) }
    }

    private static let success = HTTPResponse.text("success")
    /// Deliberately says nothing about why: the reason goes to the log.
    private static let rejected = HTTPResponse.text("rejected\n", status: .badRequest)

    func receive(_ request: HTTPRequest) async -> HTTPResponse {
        let logger = platform.logger.with(["request_id": request.requestID])
        let decrypted: DecryptedMessage
        do {
            decrypted = try decryptPush(request)
        } catch {
            logger.warning("push_rejected", ["reason": error.reason, "remote": request.remoteHost])
            await platform.rejections.note(error.reason)
            return Self.rejected
        }
        let signature = request.query["msg_signature"] ?? ""
        if await platform.replays.contains(signature) {
            logger.info("push_duplicate", ["action": "already handled; answering success"])
            return Self.success
        }
        let push: ComponentPush
        do {
            push = try ComponentPush(xml: decrypted.plaintext)
        } catch {
            // Authentic (it decrypted with our key) but not understood: retrying will not help.
            logger.error("push_unreadable", ["error": "\(error)"])
            await platform.events.record("push.unreadable", outcome: "failed", "\(error)")
            return Self.success
        }
        do {
            try await handle(push, logger: logger)
            await platform.replays.insert(signature)
            return Self.success
        } catch {
            logger.error("push_failed", ["info_type": push.infoType, "error": "\(error)", "action": "answering 500 so WeChat retries"])
            return HTTPError(.internalServerError, "failed; WeChat will retry").response
        }
    }

    /// Key the push by its envelope AppId: a push for another platform is not ours to store. The
    /// appid that proves it is the one sealed inside the ciphertext (checked by the decryption);
    /// an envelope that names no AppId (some senders put the appid in ToUserName) is judged by
    /// that alone, one that names another platform is refused.
    private func decryptPush(_ request: HTTPRequest) throws(PushRejection) -> DecryptedMessage {
        let (envelope, message) = try platform.decryptIncoming(request)
        if let named = envelope.appID ?? envelope.toUserName, named != platform.componentAppID {
            throw PushRejection(reason: "envelope AppId \(named) is not this platform's component appid")
        }
        return message
    }

    private func handle(_ push: ComponentPush, logger: Logger) async throws {
        switch push {
        case .verifyTicket(let ticket):
            try await platform.storeTicket(ticket, logger: logger)
        case .authorized(let event), .updateAuthorized(let event):
            logger.info("push_authorization", ["info_type": push.infoType, "authorizer_appid": event.authorizerAppID])
            do {
                _ = try await platform.authorization.exchange(code: event.authorizationCode, appID: event.authorizerAppID,
                                                              source: "push \(push.infoType)")
            } catch let error as PlatformError {
                // A used or expired code will not become valid on a retry; anything else might.
                if case .wechat(let wechat) = error, wechat.kind == .codeInvalid {
                    logger.warning("push_code_unusable", ["authorizer_appid": event.authorizerAppID, "error": error.description])
                    return
                }
                throw error
            }
        case .unauthorized(let event):
            try await platform.authorization.revoke(appID: event.authorizerAppID, source: "push unauthorized")
        case .fastRegister(let event):
            logger.info("push_fast_register", ["status": "\(event.status)", "appid": event.registeredAppID ?? "-"])
            await platform.events.record("push.notify_third_fasteregister", appID: event.registeredAppID, "status \(event.status)")
        case .unknown(let infoType, _):
            logger.info("push_ignored", ["info_type": infoType])
            await platform.events.record("push.unknown", outcome: "ignored", "InfoType \(infoType)")
        }
    }
}
