import Foundation

/// A failure the simulator serves instead of (or before) an endpoint's normal answer.
public enum InjectedFault: Sendable, Equatable {
    /// HTTP 200 `{"errcode":N,"errmsg":"…"}` (e.g. -1 busy, 40001, 61004, 45009).
    case errcode(Int, errmsg: String)
    /// An HTTP error status with a short text body (e.g. 502, 503).
    case httpStatus(Int)
    /// Waits this many real seconds, then answers normally (a slow WeChat).
    case delay(TimeInterval)
    /// HTTP 200 with a body that is not JSON.
    case malformedJSON

    /// WeChat's errmsg for the errcodes people usually inject.
    public static func errcode(_ errcode: Int) -> InjectedFault {
        let messages = [
            -1: "system error", 40001: "invalid credential, access_token is invalid or not latest",
            42001: "access_token expired", 45009: "reach max api daily quota limit", 45011: "api minute-quota reach limit",
            61004: "access clientip is not registered", 61005: "component ticket is expired",
            61006: "component ticket is invalid", 61003: "component is not authorized by this account",
            61023: "refresh_token is invalid",
        ]
        return .errcode(errcode, errmsg: messages[errcode] ?? "simulated error")
    }
}
