/// What a failed WeChat call means for the caller, from WeChat's errcode (or from how the
/// call failed when there was none). Retry policies switch on this.
public enum WeChatErrorKind: Sendable, Hashable {
    /// -1: WeChat is busy. Retry with bounded backoff.
    case busy
    /// 40001, 40014, 42001: the access token is invalid, expired or not the latest.
    case tokenInvalid
    /// 40125, 61011: wrong appsecret or the component itself is invalid. Fix the configuration.
    case configuration
    /// 61004, 40164: this server's egress IP is not on the platform's IP whitelist.
    case ipWhitelist
    /// 61005, 61006: the component_verify_ticket expired or is invalid.
    case ticketInvalid
    /// 61003: the account has not authorized the platform, or revoked it.
    case revoked
    /// 61007: the merchant did not grant the permission set this API needs.
    case permissionMissing
    /// 61023: the authorizer refresh token is invalid.
    case refreshTokenInvalid
    /// 45009, 45011: daily quota reached or calls too frequent.
    case quota
    /// 40029, 40163, 61009, 61010: a code (auth code, OAuth code, js_code) is invalid, already
    /// used or expired.
    case codeInvalid
    /// 42002, 40030: a user's web-authorization refresh token expired (it lives 30 days) or is
    /// not valid: the user must log in again.
    case userRefreshTokenInvalid
    /// 61012, 61013: an authorizer option's name or value is not one WeChat knows.
    case invalidOption
    /// 45015: a customer-service message outside the window after the user's last message
    /// (48 hours), or to a user who unsubscribed.
    case replyWindowClosed
    /// 89501, 89503: calls from this IP wait for the account administrator's confirmation.
    case ipNeedsConfirmation
    /// 48001: the API is not authorized for this caller, e.g. an authorizer token where a
    /// component token is needed.
    case apiUnauthorized
    /// Any other errcode.
    case other
    /// No answer: timeout, connection failure or an oversized response.
    case transport
    /// An answer that is not WeChat's: unexpected HTTP status or a body that is not its JSON.
    case badResponse

    public init(errcode: Int) {
        switch errcode {
        case -1: self = .busy
        case 40001, 40014, 42001: self = .tokenInvalid
        case 40125, 61011: self = .configuration
        case 61004, 40164: self = .ipWhitelist
        case 61005, 61006: self = .ticketInvalid
        case 61003: self = .revoked
        case 61007: self = .permissionMissing
        case 61023: self = .refreshTokenInvalid
        case 45009, 45011: self = .quota
        case 40029, 40163, 61009, 61010: self = .codeInvalid
        case 42002, 40030: self = .userRefreshTokenInvalid
        case 61012, 61013: self = .invalidOption
        case 45015: self = .replyWindowClosed
        case 89501, 89503: self = .ipNeedsConfirmation
        case 48001: self = .apiUnauthorized
        default: self = .other
        }
    }

    /// What an operator should do about it.
    public var hint: String {
        switch self {
        case .busy:
            "WeChat is busy: retry with bounded backoff"
        case .tokenInvalid:
            "access token invalid or expired: drop the cached token only if it is the one that failed, fetch a new one once and retry once (for api_component_token, 40001 can also mean a wrong appsecret)"
        case .configuration:
            "configuration error (wrong appsecret or invalid component): fix the platform's configuration; do not retry"
        case .ipWhitelist:
            "add this server's egress IP to the platform's IP whitelist on open.weixin.qq.com; do not retry until then"
        case .ticketInvalid:
            "component_verify_ticket expired or invalid: wait for the next ticket push (every 10 minutes) or call api_start_push_ticket to resume pushing"
        case .revoked:
            "the account has not authorized this platform (or revoked it): mark the authorizer revoked"
        case .permissionMissing:
            "the merchant did not grant the permission set this API needs: ask them to re-authorize with it"
        case .refreshTokenInvalid:
            "authorizer refresh token invalid: recover it from api_get_authorizer_list, else the merchant must authorize again"
        case .quota:
            "API quota reached or calls too frequent: stop calling; resetting with clear_quota is a manual operator decision"
        case .codeInvalid:
            "the code is invalid, expired or already used: show a clear error and start over; do not retry"
        case .userRefreshTokenInvalid:
            "the user's web-authorization refresh token expired (30 days) or is invalid: the user must log in again"
        case .invalidOption:
            "unknown option name or value: location_report takes 0, 1 or 2; voice_recognize and customer_service 0 or 1"
        case .replyWindowClosed:
            "the user last wrote more than 48 hours ago (or unsubscribed): customer-service messages are refused until they write again; use a template message"
        case .ipNeedsConfirmation:
            "calls from this server's IP wait for the account administrator's confirmation in the WeChat admin (mp.weixin.qq.com): ask the merchant to approve it"
        case .apiUnauthorized:
            "API unauthorized: check which token this call needs (e.g. web authorization needs the component token, not an authorizer token)"
        case .other:
            "see WeChat's errcode reference"
        case .transport:
            "no answer from WeChat: check this server's network and DNS; retry with bounded backoff (after a timeout the call may have taken effect)"
        case .badResponse:
            "the answer was not WeChat's JSON (a 3xx is never followed; a proxy or a wrong base URL?); 5xx is transient: retry with bounded backoff"
        }
    }
}
