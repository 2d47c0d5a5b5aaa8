import Foundation
import WXOpenSupport

/// An absolute http(s) URL, split by hand rather than by Foundation: browsers and URL parsers
/// disagree on backslashes, userinfo and stray characters, and an open redirect lives in exactly
/// those disagreements. So anything a browser might read differently from us is refused.
struct ReturnURL: Sendable, Equatable {
    /// Lowercased: RFC 3986 §3.1 schemes are case-insensitive.
    var scheme: String
    /// Lowercased: RFC 3986 §3.2.2 hosts are case-insensitive.
    var host: String
    /// The explicit port, else the scheme's default (80 or 443).
    var port: Int
    /// As written (percent-encoding kept); "/" when the URL has none.
    var path: String
    /// Without the "?"; nil when the URL has none.
    var query: String?

    enum Problem: Error, Equatable, Sendable {
        case tooLong, forbiddenCharacter, notHTTP, userInfo, badHost, badPort, dotSegment

        /// For the person's page and the operator's log: never echoes the URL.
        var reason: String {
            switch self {
            case .tooLong: "longer than \(ReturnURL.maximumLength) bytes"
            case .forbiddenCharacter: "contains a space, a control character, a backslash or a character URLs do not allow raw (percent-encode it)"
            case .notHTTP: "is not an absolute http:// or https:// URL"
            case .userInfo: "has a user name or password before the host (@)"
            case .badHost: "has no valid host"
            case .badPort: "has an invalid port"
            case .dotSegment: "has . or .. path segments"
            }
        }
    }

    static let maximumLength = 2048

    /// Bytes RFC 3986 never allows raw, plus the backslash browsers read as "/".
    private static let forbidden: Set<UInt8> = Set("\\\"<>`{}|^".utf8)

    static func parse(_ text: String) throws(Problem) -> ReturnURL {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength else { throw .tooLong }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }) else { throw .forbiddenCharacter }
        guard let separator = text.range(of: "://") else { throw .notHTTP }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw .notHTTP }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else { throw .userInfo }
        let (host, port) = try hostAndPort(authority, defaultPort: scheme == "https" ? 443 : 80)

        var tail = rest[authorityEnd...]
        if let hash = tail.firstIndex(of: "#") { tail = tail[..<hash] }
        var query: String?
        if let mark = tail.firstIndex(of: "?") {
            query = String(tail[tail.index(after: mark)...])
            tail = tail[..<mark]
        }
        let path = tail.isEmpty ? "/" : String(tail)
        // Browsers resolve dot segments (also percent-encoded ones) before sending: a prefix
        // check on "/app/../admin" would pass while the browser goes to "/admin".
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            let plain = segment.lowercased().replacingOccurrences(of: "%2e", with: ".")
            if plain == "." || plain == ".." { throw .dotSegment }
        }
        return ReturnURL(scheme: scheme, host: host, port: port, path: path, query: query)
    }

    private static func hostAndPort(_ authority: Substring, defaultPort: Int) throws(Problem) -> (String, Int) {
        var host = authority, portText: Substring?
        if authority.hasPrefix("[") {
            // An IPv6 literal (RFC 3986 §3.2.2).
            guard let close = authority.firstIndex(of: "]") else { throw .badHost }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .badHost }
                portText = after.dropFirst()
            }
            guard host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { throw .badHost }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { throw .badHost }
        }
        guard !host.isEmpty, !host.hasPrefix("."), host != "[]" else { throw .badHost }
        guard let portText else { return (host.lowercased(), defaultPort) }
        guard (1...5).contains(portText.count), portText.allSatisfy(\.isASCII), let port = Int(portText), (1...65535).contains(port) else {
            throw .badPort
        }
        return (host.lowercased(), port)
    }

    /// Same scheme, host and port, and this path starts with the prefix's path, byte for byte.
    func isUnder(_ prefix: ReturnURL) -> Bool {
        scheme == prefix.scheme && host == prefix.host && port == prefix.port && path.hasPrefix(prefix.path)
    }

    /// The names in the query, percent-decoded where possible.
    var queryNames: [String] {
        guard let query else { return [] }
        return query.split(separator: "&").map { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return (try? PercentEncoding.decode(name, plusAsSpace: true)) ?? String(name)
        }
    }

    /// `text` with `name=value` added to its query, before any fragment, keeping everything else
    /// exactly as written (the app may rely on its own encoding).
    static func appending(_ name: String, _ value: String, to text: String) -> String {
        var base = Substring(text), fragment = Substring("")
        if let hash = text.firstIndex(of: "#") {
            base = text[..<hash]
            fragment = text[hash...]
        }
        let separator = !base.contains("?") ? "?" : (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&")
        let parameter = PercentEncoding.encode(name) + "=" + PercentEncoding.encode(value)
        return String(base) + separator + parameter + String(fragment)
    }
}
