import WeChat
import WXOpenSupport

/// A login in progress, between `/weblogin/:appid/start` and WeChat's redirect to the callback,
/// remembered under its `state`.
struct WebLoginAttempt: Sendable, Equatable {
    var appID: String
    var scope: OAuthScope
    /// Checked against `webLogin.returnURLPrefixes` at the start.
    var returnTo: String
    /// SHA-256 of the browser id in the cookie of the browser that started the login.
    var browserDigest: [UInt8]

    /// Where the person can start this login again (a relative link on our own site).
    var restartPath: String {
        "/weblogin/\(PercentEncoding.encode(appID))/start?scope=\(scope.rawValue)&return_to=\(PercentEncoding.encode(returnTo))"
    }
}
