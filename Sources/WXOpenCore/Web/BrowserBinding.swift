import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// Ties a flow that leaves our site and comes back (a web login's trip through WeChat, a
/// merchant's authorization) to the browser that started it: a random id in a cookie, whose
/// digest the flow's state carries. A callback opened in another browser is refused; otherwise
/// someone could send a victim the callback link of their own flow and have it complete in the
/// victim's browser (login CSRF).
///
/// `SameSite=Lax`, not `Strict`: the callback is a top-level GET navigation from WeChat's page,
/// a cross-site request that Lax still sends the cookie with and Strict would not.
struct BrowserBinding: Sendable {
    let cookieName: String
    /// The cookie goes only to the flow's own paths.
    let path: String
    /// As long as the flow's state lives.
    let lifetime: TimeInterval

    /// 24 random bytes, base64url (32 characters).
    static let idLength = 32

    static func newID() -> String { Base64URL.encode(Crypto.randomBytes(24)) }

    static func isID(_ text: String) -> Bool { text.utf8.count == idLength && Base64URL.isBase64URL(text) }

    /// SHA-256 of the id: what a state carries, so neither the state nor a log holds the id.
    static func digest(_ id: String) -> [UInt8] { Crypto.sha256(Array(id.utf8)) }

    /// The well-formed id the request's cookie holds, if any.
    func id(in request: HTTPRequest) -> String? {
        request.cookies[cookieName].flatMap { Self.isID($0) ? $0 : nil }
    }

    /// The browser's own id when it brought one (two tabs of one browser keep working), else a new one.
    func idToUse(for request: HTTPRequest) -> String { id(in: request) ?? Self.newID() }

    /// Whether `request` comes from the browser whose id has `digest`; compared in constant time.
    func matches(_ request: HTTPRequest, digest: [UInt8]) -> Bool {
        guard let id = id(in: request) else { return false }
        return Crypto.constantTimeEquals(Self.digest(id), digest)
    }

    /// `Secure` whenever the browser reached us over https.
    func cookie(_ id: String, for request: HTTPRequest, publicBaseURL: String) -> SetCookie {
        SetCookie(name: cookieName, value: id, path: path, maxAge: Int(lifetime),
                  secure: Self.isHTTPS(request, publicBaseURL: publicBaseURL))
    }

    /// Whether the browser reached us over https: the public URL is https, or a trusted reverse
    /// proxy says the request came in over https.
    static func isHTTPS(_ request: HTTPRequest, publicBaseURL: String) -> Bool {
        publicBaseURL.lowercased().hasPrefix("https://") || request.isForwardedHTTPS
    }
}
