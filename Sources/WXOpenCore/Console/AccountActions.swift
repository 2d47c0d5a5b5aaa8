import Foundation
import HTTPServer
import WXOpenSupport

/// The account page's buttons: refresh the access token now, fetch the account's details again.
/// Each records who did it and how it went in the event log (an audit trail of operator
/// actions, beside what the token manager records itself), then returns to the account page
/// with the outcome.
struct AccountActions: Sendable {
    let platform: Platform
    let tokens: AuthorizerTokenManager
    let sessions: ConsoleSessions

    func refreshToken(_ context: ConsoleContext) async -> HTTPResponse {
        let language = context.language
        let appID = context.request.pathParameters["appid"] ?? ""
        let tokens = tokens
        return await perform(context, appID: appID, kind: "console.token_refresh") {
            let record = try await tokens.refresh(appID: appID)
            let expiry = ConsoleFormat.time(record.accessTokenExpiresAt)
            return language.t("access_token 已刷新，有效期至 \(expiry)。", "Access token refreshed; valid until \(expiry).")
        }
    }

    func refreshInfo(_ context: ConsoleContext) async -> HTTPResponse {
        let language = context.language
        let appID = context.request.pathParameters["appid"] ?? ""
        let authorization = platform.authorization
        return await perform(context, appID: appID, kind: "console.info_refresh") {
            let record = try await authorization.refreshInfo(appID: appID)
            return language.t("资料已更新：\(record.info?.nickName ?? appID)", "Details fetched: \(record.info?.nickName ?? appID)")
        }
    }

    private func perform(_ context: ConsoleContext, appID: String, kind: String,
                         _ action: () async throws -> String) async -> HTTPResponse {
        let language = context.language
        let user = context.session.username
        let location = "/admin/authorizers/" + PercentEncoding.encode(appID)
        guard (try? await platform.store.authorizer(appID: appID)) != nil else {
            return ConsoleResponse.noSuchAccount(language, appID: appID)
        }
        do {
            let message = try await action()
            await platform.events.record(kind, appID: appID, "by \(user)")
            await sessions.setFlash(.init(ok: true, message: message), for: context.sessionID)
        } catch {
            let reason = "\(error)"
            platform.logger.warning("console_action_failed", ["action": kind, "authorizer_appid": appID, "error": reason])
            await platform.events.record(kind, appID: appID, outcome: "failed", "by \(user): \(reason)")
            let shown = AccountTools.text(error, language)
            await sessions.setFlash(.init(ok: false, message: language.t("操作失败：", "It failed: ") + shown), for: context.sessionID)
        }
        return ConsoleResponse.redirect(to: location)
    }
}
