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
        /// A `;` in the path: servers that read path parameters (`/app/..;/admin`) see other segments.
        case pathParameter
        /// A path whose percent-decoding changes its segments: an encoded `/`, `\`, `;`, `?`, `#`
        /// or control character, also when encoded twice or more.
        case encodedDelimiter
        /// A `%` not followed by two hex digits, bytes that are not UTF-8, or encoding nested deeper
        /// than any real link needs.
        case badEncoding

        /// For the person's page and the operator's log: never echoes the URL.
        var reason: String {
            switch self {
            case .tooLong: "longer than \(ReturnURL.maximumLength) bytes"
            case .forbiddenCharacter: "contains a space, a control character, a backslash or a character URLs do not allow raw (percent-encode it)"
            case .notHTTP: "is not an absolute http:// or https:// URL"
            case .userInfo: "has a user name or password before the host (@)"
            case .badHost: "has no valid host"
            case .badPort: "has an invalid port"
            case .dotSegment: "has . or .. path segments (also percent-encoded)"
            case .pathParameter: "has a ; in its path"
            case .encodedDelimiter: "has a percent-encoded /, \\, ;, ?, # or control character in its path"
            case .badEncoding: "has a malformed or too deeply nested percent-encoding in its path"
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
        _ = try decodedPath(path)
        return ReturnURL(scheme: scheme, host: host, port: port, path: path, query: query)
    }

    /// Decodings tried per segment: a real link encodes once, a cautious one twice.
    static let maximumDecodings = 3

    /// The path decoded once (what RFC 3986 §6.2.2.2 makes of it) and fully (what a server that
    /// decodes repeatedly makes of it).
    struct DecodedPath: Equatable, Sendable {
        var once: String
        var fully: String
    }

    /// The path with every segment percent-decoded, refused when decoding could make anyone
    /// read other segments than we do. Browsers resolve dot segments (also encoded ones)
    /// before sending, and servers behind them decode `%2F` or `%5C` into separators, strip
    /// `;params`, or decode twice: a prefix check on `/app/..%2fadmin` would pass while the
    /// request lands on `/admin`. So every decoding of every segment must leave it one plain
    /// segment, and prefixes are compared on the result.
    static func decodedPath(_ path: String) throws(Problem) -> DecodedPath {
        var once: [String] = [], fully: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: false) {
            var segment = String(raw), firstDecoding: String?
            for round in 0...maximumDecodings {
                if segment == "." || segment == ".." { throw .dotSegment }
                if segment.contains(";") { throw round == 0 ? .pathParameter : .encodedDelimiter }
                if round > 0, segment.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || decodedDelimiters.contains($0) }) {
                    throw .encodedDelimiter
                }
                guard segment.contains("%") else { break }
                let decoded: String
                do {
                    decoded = try PercentEncoding.decode(segment, plusAsSpace: false)
                } catch .malformedEscape where round > 0 {
                    break  // A literal "%" that an earlier decoding produced, as in "100%25".
                } catch {
                    throw .badEncoding
                }
                guard round < maximumDecodings else { throw .badEncoding }
                if round == 0 { firstDecoding = decoded }
                segment = decoded
            }
            once.append(firstDecoding ?? segment)
            fully.append(segment)
        }
        return DecodedPath(once: once.joined(separator: "/"), fully: fully.joined(separator: "/"))
    }

    /// What must never appear by decoding (";" is checked on every round, raw or decoded).
    private static let decodedDelimiters: Set<UInt8> = Set("/\\?#".utf8)

    /// `path`, decoded; `parse` has checked that it decodes.
    var normalizedPath: DecodedPath { (try? Self.decodedPath(path)) ?? DecodedPath(once: path, fully: path) }

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

    /// Same scheme, host and port, and this path starts with the prefix's path, both decoded
    /// (RFC 3986 §6.2.2.2: `/%61pp/` is `/app/`) once and fully: a server that decodes once and
    /// one that decodes until nothing is left must both land under the prefix.
    func isUnder(_ prefix: ReturnURL) -> Bool {
        guard scheme == prefix.scheme, host == prefix.host, port == prefix.port else { return false }
        let mine = normalizedPath, theirs = prefix.normalizedPath
        return mine.once.hasPrefix(theirs.once) && mine.fully.hasPrefix(theirs.fully)
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
