import WeChat

/// What went wrong in the platform, with a stable code for the API and a hint for operators.
/// Descriptions never carry a secret.
public enum PlatformError: Error, CustomStringConvertible, Sendable {
    /// No `component_verify_ticket` yet, or the last one is older than 12 h.
    case waitingForTicket(componentAppID: String)
    /// WeChat answered with an error (or could not be reached).
    case wechat(WeChatAPIError)
    case unknownAuthorizer(appID: String)
    /// The account is revoked or needs re-authorization; `reason` says why.
    case authorizerUnavailable(appID: String, status: AuthorizerStatus, reason: String?)
    /// An authorizer without a refresh token cannot be refreshed until recovered or re-authorized.
    case missingRefreshToken(appID: String)

    /// Stable code for API errors: `{"error": {"code": …}}`.
    public var code: String {
        switch self {
        case .waitingForTicket: "waiting_for_ticket"
        case .wechat: "wechat_error"
        case .unknownAuthorizer: "not_found"
        case .authorizerUnavailable(_, let status, _): status == .revoked ? "authorizer_revoked" : "needs_reauthorization"
        case .missingRefreshToken: "needs_reauthorization"
        }
    }

    public var wechatErrcode: Int? {
        if case .wechat(let error) = self { return error.errcode }
        return nil
    }

    public var description: String {
        switch self {
        case .waitingForTicket(let appID):
            "waiting for component_verify_ticket for \(appID): WeChat pushes one every 10 minutes to the authorization event URL; "
                + "if none arrives, check that URL in the platform settings (api_start_push_ticket has been requested)"
        case .wechat(let error):
            // Already "WeChat <endpoint> failed: … — <hint>": nothing to add.
            error.description
        case .unknownAuthorizer(let appID):
            "\(Self.named(appID)) has not authorized this platform"
        case .authorizerUnavailable(let appID, let status, let reason):
            "\(Self.named(appID)) is \(status.rawValue)" + (reason.map { ": \($0)" } ?? "")
        case .missingRefreshToken(let appID):
            "\(Self.named(appID)) has no refresh token: run a sync (recovers it from api_get_authorizer_list) or ask the merchant to authorize again"
        }
    }

    /// An appid often comes from a request path, and these messages go back to the client: it is
    /// named only in WeChat's shape, so markup or control characters are never echoed.
    static func named(_ appID: String) -> String {
        AppID.isWellFormed(appID) ? appID : "the requested account (not a WeChat appid)"
    }
}
