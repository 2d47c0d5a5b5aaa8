import Foundation
import WeChat
import WXOpenSupport

/// The login form's CSRF token, before there is a session: a signed double-submit. The browser
/// holds a random nonce in a cookie scoped to `/admin/login`; the form carries
/// `EXPIRES.HMAC(key, nonce|EXPIRES)`. A cross-site page can neither read the cookie nor forge
/// the signature, so it cannot log an operator into an account of its choosing.
struct LoginFormToken: Sendable {
    static let cookieName = "wxopen_login"
    static let cookiePath = "/admin/login"

    /// Random per process: a restart only means reloading the login page.
    private let key: [UInt8]

    init(key: [UInt8] = Crypto.randomBytes(32)) { self.key = key }

    static func newNonce() -> String { Base64URL.encode(Crypto.randomBytes(32)) }

    static func isNonce(_ text: String) -> Bool { text.utf8.count == 43 && Base64URL.decode(text)?.count == 32 }

    func token(nonce: String, expires: Date) -> String {
        let seconds = Int(expires.timeIntervalSince1970)
        return "\(seconds)." + Base64URL.encode(signature(nonce: nonce, expires: seconds))
    }

    /// True when `token` was issued for `nonce` and has not expired.
    func verify(_ token: String, nonce: String, now: Date) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard Self.isNonce(nonce), parts.count == 2, let seconds = Int(parts[0]), let mac = Base64URL.decode(parts[1]) else { return false }
        guard Crypto.constantTimeEquals(mac, signature(nonce: nonce, expires: seconds)) else { return false }
        return TimeInterval(seconds) > now.timeIntervalSince1970
    }

    private func signature(nonce: String, expires: Int) -> [UInt8] {
        Crypto.hmacSHA256(key: key, message: Array("console-login|\(nonce)|\(expires)".utf8))
    }
}
