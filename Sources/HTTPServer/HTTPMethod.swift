/// A request method token (RFC 9110 §9). Methods are case-sensitive.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let delete = HTTPMethod("DELETE")
    public static let patch = HTTPMethod("PATCH")
    public static let options = HTTPMethod("OPTIONS")
    public static let trace = HTTPMethod("TRACE")
    public static let connect = HTTPMethod("CONNECT")
    /// A safe GET with a body (draft-ietf-httpbis-safe-method-w-body). No route takes it; knowing
    /// it means a QUERY to an existing path is told which methods it has (405 with `Allow`), not 501.
    public static let query = HTTPMethod("QUERY")

    /// The methods this server understands; any other well-formed token gets 501 (RFC 9110 §9.1).
    public static let known: Set<HTTPMethod> = [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect, .query]

    /// Whether this is one of `known`, without hashing (asked of every request).
    var isKnown: Bool {
        switch rawValue {
        case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "QUERY": true
        default: false
        }
    }

    /// The method in a request line; the common ones share their static value.
    init(bytes: Slice<UnsafeBufferPointer<UInt8>>) {
        if bytes.elementsEqual("GET".utf8) {
            self = .get
        } else if bytes.elementsEqual("POST".utf8) {
            self = .post
        } else {
            self.init(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The protocol version of a request. Only HTTP/1.0 and HTTP/1.1 are served; others get 505.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}
