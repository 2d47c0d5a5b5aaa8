import Foundation

/// A response a handler returns. The server adds `Date`, `Content-Length` (or chunked framing),
/// `Connection` and `X-Request-Id`; handlers set everything else.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// Fields added to this request's access-log line and never sent (e.g. which API key read
    /// which account's token): one line per request says everything about it.
    public var logFields: [(String, String)] = []

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: HTTPBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: Data) {
        self.init(status: status, headers: headers, body: .data(body))
    }

    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(html.utf8))
    }

    /// A JSON body; the caller encodes it (so it controls key strategy and ordering).
    public static func json(_ data: Data, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: data)
    }

    /// A redirect; `location` must already be a valid URI reference.
    public static func redirect(to location: String, status: HTTPStatus = .found) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Location": location])
    }

    /// A body written as it is produced, sent with chunked transfer coding.
    public static func stream(
        status: HTTPStatus = .ok, headers: HTTPHeaders = [:],
        _ producer: @escaping @Sendable (any HTTPBodyWriter) async throws -> Void
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: .stream(producer))
    }
}

public enum HTTPBody: Sendable {
    case data(Data)
    case stream(@Sendable (any HTTPBodyWriter) async throws -> Void)

    public static let empty = HTTPBody.data(Data())

    /// The bytes of a `.data` body; nil for a stream.
    public var data: Data? {
        if case .data(let data) = self { return data }
        return nil
    }
}

/// Where a streamed body goes. `write` returns once the bytes are queued on the connection and
/// throws when the client has gone away, so a producer stops doing work for nobody.
public protocol HTTPBodyWriter: Sendable {
    func write(_ data: Data) async throws
}

extension HTTPBodyWriter {
    public func write(_ string: String) async throws { try await write(Data(string.utf8)) }
}
