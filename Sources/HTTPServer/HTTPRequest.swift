import Foundation
import WXOpenSupport

/// A complete request, as handed to a route handler.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received (RFC 9112 §3.2).
    public var target: String
    /// The path in normal form (RFC 3986 §6.2.2): as received, but with escaped unreserved
    /// characters decoded and other escapes in uppercase hex, so `/%61dmin` is `/admin` while
    /// `%2F` stays `%2F`. Two spellings of one path give the same string. See `RequestPath`.
    public var path: String
    /// The path as received.
    public var rawPath: String
    /// The path's segments, split on `/` first and then percent-decoded one by one: what routes
    /// match. `/a%2Fb/c` is `["a/b", "c"]`; `/` is `[]`; empty segments are kept.
    public var pathSegments: [String]
    /// The query component as received, without the `?`; nil when there was none.
    public var rawQuery: String?
    public var query: QueryParameters
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: Data
    /// Values bound by the route pattern (`:appid` → `pathParameters["appid"]`).
    public var pathParameters: [String: String]
    /// The peer's address, `host:port`: the client, or the reverse proxy in front of us.
    public var remoteAddress: String
    /// The client's address without the port: the peer's, or, when the peer is a trusted proxy,
    /// the one its `Forwarded`/`X-Forwarded-For` names (see `TrustedProxies`). For logs and throttles.
    public var remoteHost: String
    /// `https` or `http` as a trusted proxy reports it (`X-Forwarded-Proto`, `Forwarded: proto=`);
    /// nil when the peer is not a trusted proxy or said nothing.
    public var forwardedScheme: String?
    /// Taken from a valid `X-Request-Id`, otherwise generated; echoed on the response.
    public var requestID: String

    /// - Parameter trustedProxies: the peers whose forwarding headers are believed, as the
    ///   server's configuration names them; default none.
    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], body: Data = Data(), remoteAddress: String = "127.0.0.1:0",
        requestID: String = RequestID.generate(), trustedProxies: TrustedProxies = .none
    ) throws(HTTPError) {
        self.init(method: method, target: target, parts: try RequestTarget.parse(target), version: version, headers: headers,
                  body: body, parameters: [:], remoteAddress: remoteAddress, requestID: requestID, trustedProxies: trustedProxies)
    }

    /// Builds a request from a target the server already split (no second parse). `peerHost` is
    /// `host(of: remoteAddress)` when the caller has it already (a connection works it out once).
    init(method: HTTPMethod, target: String, parts: RequestTarget.Parts, version: HTTPVersion, headers: HTTPHeaders,
         body: Data, parameters: [String: String], remoteAddress: String, peerHost: String? = nil, requestID: String,
         trustedProxies: TrustedProxies) {
        self.method = method
        self.target = target
        self.path = parts.path
        self.rawPath = parts.rawPath
        self.pathSegments = parts.segments
        self.rawQuery = parts.rawQuery
        self.query = parts.query
        self.version = version
        self.headers = headers
        self.body = body
        self.pathParameters = parameters
        self.remoteAddress = remoteAddress
        self.requestID = requestID
        (remoteHost, forwardedScheme) = trustedProxies.resolve(peer: peerHost ?? Self.host(of: remoteAddress), headers: headers)
    }

    /// `host:port` or `[v6]:port` without the port.
    static func host(of address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        guard let colon = address.lastIndex(of: ":") else { return address }
        return String(address[..<colon])
    }

    /// Whether the client reached us over https, as far as we can tell: through a trusted proxy
    /// that said so. (wxopen itself speaks plain HTTP.)
    public var isForwardedHTTPS: Bool { forwardedScheme == "https" }

    /// Whether the client wants the connection closed after this response (RFC 9112 §9.3).
    public var wantsClose: Bool {
        let tokens = headers.tokens("Connection")
        if version == .http1_0 { return !tokens.contains("keep-alive") }
        return tokens.contains("close")
    }

    /// The body decoded as `application/x-www-form-urlencoded`.
    public func formParameters() throws(HTTPError) -> QueryParameters {
        try QueryParameters(parsing: String(decoding: body, as: UTF8.self))
    }
}

/// The parts of an origin-form or absolute-form request-target.
enum RequestTarget {
    struct Parts {
        var rawPath: String
        /// Normal form (`RequestPath.Split.normalized`).
        var path: String
        var segments: [String]
        var rawQuery: String?
        var query: QueryParameters
    }

    static func parse(_ target: String) throws(HTTPError) -> Parts {
        var rest = Substring(target)
        // RFC 9112 §3.2.2: a server MUST accept the absolute-form; keep its path and query.
        if rest.utf8.first != UInt8(ascii: "/"), let schemeEnd = rest.range(of: "://") {
            let afterScheme = rest[schemeEnd.upperBound...]
            rest = afterScheme.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }).map { afterScheme[$0...] } ?? "/"
            if rest.utf8.first == UInt8(ascii: "?") { rest = "/" + rest }
        }
        if rest == "*" { return Parts(rawPath: "*", path: "*", segments: ["*"], rawQuery: nil, query: QueryParameters()) }
        guard rest.utf8.first == UInt8(ascii: "/") else { throw HTTPError(.badRequest, "The request target must be a path.") }
        // Fragments are never sent; be lenient. Searched as bytes: this runs for every request.
        if let hash = firstIndex(of: UInt8(ascii: "#"), in: rest) { rest = rest[..<hash] }
        let rawPath: Substring, rawQuery: Substring?
        if let question = firstIndex(of: UInt8(ascii: "?"), in: rest) {
            rawPath = rest[..<question]
            rawQuery = rest[rest.utf8.index(after: question)...]
        } else {
            rawPath = rest
            rawQuery = nil
        }
        // The usual target is the path alone: it is then shared, not copied.
        let whole = rawPath.utf8.count == target.utf8.count ? target : nil
        let split = try RequestPath.split(rawPath, whole: whole)
        let query = try rawQuery.map { q throws(HTTPError) in try QueryParameters(parsing: q) } ?? QueryParameters()
        // Without escapes the normal form is the path as received: one string serves both.
        let raw = split.isEscaped ? whole ?? String(rawPath) : split.normalized
        return Parts(rawPath: raw, path: split.normalized, segments: split.segments, rawQuery: rawQuery.map(String.init), query: query)
    }

    /// Where `byte` first occurs, searched over the contiguous bytes when there are (a loop over
    /// a buffer, not the generic `UTF8View` walk).
    private static func firstIndex(of byte: UInt8, in text: Substring) -> String.Index? {
        let utf8 = text.utf8
        guard let offset = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: byte) }) else { return utf8.firstIndex(of: byte) }
        return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }
}
