/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Equatable, Sendable {
    case none
    case length(Int)
    case chunked
}

/// A parsed and validated request line plus header section.
public struct RequestHead: Equatable, Sendable {
    public var method: HTTPMethod
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// `Expect: 100-continue` was sent (RFC 9110 §10.1.1).
    public var expectsContinue: Bool
    /// Whether the client allows another request on this connection after this one.
    public var keepAlive: Bool
}

/// Limits on what a client may send. Defaults follow common servers (nginx, NIO).
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line, without CRLF. Longer → 414. Default: 8,192 (8 KiB).
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section (after the request line, including the final CRLF). Larger → 431.
    /// Default: 32,768 (32 KiB).
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields in one request. More → 431. Default: 100.
    public var maxHeaderCount = 100
    /// Longest chunk-size line, extensions included. Default: 1,024.
    public var maxChunkLineBytes = 1024

    public init() {}
}
