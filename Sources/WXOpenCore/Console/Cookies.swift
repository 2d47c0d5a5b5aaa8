import HTTPServer

/// Reading the `Cookie` header and writing `Set-Cookie` (RFC 6265).
enum Cookies {
    /// The value of the first cookie named `name`. RFC 6265 §4.2.1: `name=value` pairs separated
    /// by `; `; §4.1.1: a value may be wrapped in double quotes. Pairs without `=` are skipped.
    static func value(_ name: String, in headers: HTTPHeaders) -> String? {
        for header in headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                guard pair[..<equals].trimmingOWS() == name else { continue }
                var value = Substring(pair[pair.index(after: equals)...].trimmingOWS())
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
                return String(value)
            }
        }
        return nil
    }

    /// A `Set-Cookie` value. The cookie is never readable by scripts (`HttpOnly`), is not sent
    /// on cross-site subrequests or POSTs (`SameSite=Lax`), and is `Secure` when the console is
    /// served over https. Without `maxAge` it lasts until the browser closes.
    static func setCookie(_ name: String, _ value: String, path: String, secure: Bool, maxAge: Int? = nil) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// Tells the browser to drop the cookie now (RFC 6265 §5.2.2: Max-Age of zero or less).
    static func expire(_ name: String, path: String, secure: Bool) -> String {
        setCookie(name, "", path: path, secure: secure, maxAge: 0)
    }
}
