import WeChat
import WXOpenSupport

/// An authorized account's options (`location_report`, `voice_recognize`, `customer_service`):
/// the old API first (`api_get/set_authorizer_option`, component token, account in the body),
/// and the newer one (`get/set_authorizer_option`, the account's own token) when WeChat
/// refuses the old one, which it announced it would retire.
struct AuthorizerOptionCalls: Sendable {
    let platform: Platform
    let tokens: AuthorizerTokenManager

    /// What "the old API is refused" looks like: 48001 (api unauthorized), 48004 (api banned),
    /// or no such endpoint (HTTP 404). Anything else is an answer about the option itself.
    static func meansOldAPIRefused(_ error: any Error) -> Bool {
        guard case PlatformError.wechat(let wechat) = error else { return false }
        if case .unexpectedStatus(_, 404) = wechat { return true }
        return [48001, 48004].contains(wechat.errcode ?? 0)
    }

    func value(appID: String, name: String) async throws -> String {
        let client = platform.client
        do {
            return try await platform.componentTokens.withToken { token in
                try await client.getAuthorizerOption(componentToken: token, authorizerAppID: appID, name: name)
            }.value
        } catch where Self.meansOldAPIRefused(error) {
            noteFallback(appID, name, error)
            return try await tokens.withToken(appID: appID) { token in
                try await client.getAuthorizerOptionInfo(authorizerToken: token, name: name)
            }.value
        }
    }

    func set(appID: String, name: String, value: String) async throws {
        let client = platform.client
        do {
            try await platform.componentTokens.withToken { token in
                try await client.setAuthorizerOption(componentToken: token, authorizerAppID: appID, name: name, value: value)
            }
        } catch where Self.meansOldAPIRefused(error) {
            noteFallback(appID, name, error)
            try await tokens.withToken(appID: appID) { token in
                try await client.setAuthorizerOptionInfo(authorizerToken: token, name: name, value: value)
            }
        }
    }

    private func noteFallback(_ appID: String, _ name: String, _ error: any Error) {
        platform.logger.warning("authorizer_option_fallback", ["authorizer_appid": appID, "option": name,
                                                               "old_api_error": "\(error)", "action": "using get/set_authorizer_option"])
    }
}
