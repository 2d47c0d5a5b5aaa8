import HTTPServer

/// The cookie that ties a login's callback to the browser that started it (see
/// `WebLoginSecrets.browserID`). Scoped to `/weblogin/`, gone after the state's lifetime.
enum WebLoginCookie {
    static let name = "wxopen_weblogin"

    /// The browser id the request carries, if any (the value is checked by the caller).
    static func browserID(in request: HTTPRequest) -> String? {
        for header in request.headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, parts[0].trimmingOWS() == name { return parts[1].trimmingOWS() }
            }
        }
        return nil
    }

    /// Lax, not Strict: the callback is a cross-site top-level redirect from WeChat, which Lax
    /// still sends the cookie with. Secure whenever the public URL is https.
    static func header(_ browserID: String, secure: Bool) -> String {
        "\(name)=\(browserID); Path=/weblogin/; Max-Age=\(Int(WebLoginLedger.stateLifetime)); HttpOnly; SameSite=Lax"
            + (secure ? "; Secure" : "")
    }
}
