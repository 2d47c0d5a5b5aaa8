/// A `Set-Cookie` field value (RFC 6265 §4.1). The defaults are the safe ones: never readable by
/// scripts (`HttpOnly`) and not sent on cross-site subrequests or POSTs (`SameSite=Lax`, which
/// still sends it on a top-level GET navigation from another site, such as WeChat's redirect
/// back to us). Without `maxAge` the cookie lasts until the browser closes.
public struct SetCookie: Sendable, Equatable {
    public enum SameSite: String, Sendable {
        case strict = "Strict", lax = "Lax", none = "None"
    }

    public var name: String
    public var value: String
    public var path: String
    /// Seconds; zero or less tells the browser to drop the cookie now (§5.2.2).
    public var maxAge: Int?
    /// Sent only over https; set it whenever the site is served over https.
    public var secure: Bool
    public var httpOnly: Bool
    public var sameSite: SameSite

    /// - Precondition: `name` is a token and `value` holds only cookie-octets (§4.1.1): no
    ///   space, quote, comma, semicolon, backslash or control character. Our values are random
    ///   base64url; anything else is a programming error, not input to escape.
    public init(name: String, value: String, path: String, maxAge: Int? = nil, secure: Bool,
                httpOnly: Bool = true, sameSite: SameSite = .lax) {
        precondition(!name.isEmpty && name.utf8.allSatisfy(SetCookie.isTokenByte), "cookie name is not a token")
        precondition(value.utf8.allSatisfy(SetCookie.isCookieOctet), "cookie value has a byte RFC 6265 does not allow")
        precondition(path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }, "cookie path has a byte RFC 6265 does not allow")
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// The same cookie, emptied and expired: the browser drops it at once.
    public static func expired(_ name: String, path: String, secure: Bool) -> SetCookie {
        SetCookie(name: name, value: "", path: path, maxAge: 0, secure: secure)
    }

    /// `name=value; Path=/p; HttpOnly; SameSite=Lax; Max-Age=60; Secure`
    public var headerValue: String {
        var parts = ["\(name)=\(value)", "Path=\(path)"]
        if httpOnly { parts.append("HttpOnly") }
        parts.append("SameSite=\(sameSite.rawValue)")
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        // §4.1.2.7 and browsers since 2020: SameSite=None is only honoured with Secure.
        if secure || sameSite == .none { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// RFC 9110 §5.6.2 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// RFC 6265 §4.1.1 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: ",")
            && byte != UInt8(ascii: ";") && byte != UInt8(ascii: "\\")
    }
}

extension HTTPResponse {
    /// Adds a `Set-Cookie` field (one per cookie: RFC 6265 §3 forbids folding them into one).
    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }
}
