import Foundation
import WeChat
import WXOpenSupport

/// The authorization event URL's pushes: tickets, authorizations and their withdrawal, fast
/// registration, and InfoTypes not known yet.
struct ComponentEventHandler: PushHandler {
    let platform: Platform

    /// A push is ours only if the envelope's AppId (when present), the appid sealed after the
    /// message (checked by the decryption) and the decrypted `<AppId>` all name our component.
    /// Some senders put the appid in the envelope's ToUserName instead: it is judged alike.
    func parse(_ context: PushContext) throws -> ComponentPush {
        let ours = platform.componentAppID
        if let named = context.envelope.appID ?? context.envelope.toUserName, named != ours {
            throw PushRejection("envelope AppId is not this platform's component appid", detail: named)
        }
        let push = try ComponentPush(xml: context.decrypted.plaintext)
        guard push.appID == ours else {
            throw PushRejection("decrypted AppId is not this platform's component appid", detail: push.appID ?? "(none)")
        }
        return push
    }

    func handle(_ push: ComponentPush, context: PushContext) async throws -> PushOutcome {
        let logger = context.logger
        switch push {
        case .verifyTicket(let ticket):
            try await receiveTicket(ticket, context: context)
        case .authorized(let event), .updateAuthorized(let event):
            logger.info("push_authorization", ["info_type": push.infoType, "authorizer_appid": event.authorizerAppID])
            try await exchange(event.authorizationCode, appID: event.authorizerAppID, source: "push \(push.infoType)", logger: logger)
        case .unauthorized(let event):
            try await receiveUnauthorized(event, logger: logger)
        case .fastRegister(let event):
            logger.info("push_fast_register", ["status": "\(event.status)", "appid": event.registeredAppID ?? "-"])
            await platform.events.record("push.notify_third_fasteregister", appID: event.registeredAppID, "status \(event.status)")
            // Registered: the new mini program's auth_code is an authorization code, exchanged now
            // so that it is stored with its refresh token at once.
            if event.status == 0, let code = event.authCode, !code.isEmpty {
                try await exchange(code, appID: event.registeredAppID, source: "push \(push.infoType)", logger: logger)
            }
        case .unknown(let infoType, _):
            logger.info("push_ignored", ["info_type": infoType])
            await platform.events.record("push.unknown", outcome: "ignored", "InfoType \(infoType)")
        }
        return .success
    }

    /// A used or expired code will not become valid on a retry (logged, answered `success`);
    /// any other failure might, so it is thrown and WeChat sends the push again.
    private func exchange(_ code: String, appID: String?, source: String, logger: Logger) async throws {
        do {
            _ = try await platform.authorization.exchange(code: code, appID: appID, source: source)
        } catch let error as PlatformError {
            guard case .wechat(let wechat) = error, wechat.kind == .codeInvalid else { throw error }
            logger.warning("push_code_unusable", ["authorizer_appid": appID ?? "-", "error": error.description])
        }
    }

    /// The account withdrew its authorization, unless the push predates its latest one (a late
    /// retry, or a capture sent again) or names an account we never had.
    private func receiveUnauthorized(_ event: UnauthorizedPush, logger: Logger) async throws {
        let appID = event.authorizerAppID
        let createdAt = Date(timeIntervalSince1970: TimeInterval(event.createTime))
        switch try await platform.authorization.revoke(appID: appID, source: "push unauthorized", pushCreatedAt: createdAt) {
        case .revoked, .alreadyRevoked:
            break
        case .unknownAccount:
            logger.info("push_unauthorized_ignored", ["authorizer_appid": appID, "reason": "no such account is stored"])
        case .authorizedSince(let authorizedAt):
            logger.warning("push_unauthorized_ignored", [
                "authorizer_appid": appID, "create_time": String(event.createTime),
                "reason": "the account authorized again at \(RFC3339.format(authorizedAt)), after this push was made",
            ])
            await platform.events.record("push.unauthorized", appID: appID, outcome: "ignored",
                                         "unauthorized push dated before the latest authorization: the account stays authorized")
        }
    }
}
