/// Why a request was refused while being read. Each case maps to one status; every one of them
/// closes the connection, because after a framing error the next request's start is unknowable
/// (RFC 9112 §6.3, and NIO's "never resynchronise").
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case requestLineTooLong            // 414
    case headerBlockTooLarge           // 431
    case tooManyHeaderFields           // 431
    case invalidRequestLine            // 400
    case invalidMethod                 // 400: RFC 9112 §3, decided on the first byte that is not a tchar
    case invalidTarget                 // 400
    case invalidVersion                // 400
    case unsupportedVersion            // 505
    case unknownMethod                 // 501
    case bareLineFeed                  // 400: RFC 9112 §2.2 (we do not accept bare LF)
    case bareCarriageReturn            // 400: RFC 9112 §2.2
    case obsoleteLineFolding           // 400: RFC 9112 §5.2
    case whitespaceBeforeColon         // 400: RFC 9112 §5.1
    case invalidFieldName              // 400
    case invalidFieldValue             // 400: CTL in a field value, RFC 9110 §5.5
    case missingHost                   // 400: RFC 9112 §3.2
    case multipleHosts                 // 400: RFC 9112 §3.2
    case invalidHost                   // 400
    case contentLengthWithTransferEncoding  // 400: RFC 9112 §6.3 (smuggling)
    case multipleContentLengths        // 400: RFC 9112 §6.3
    case invalidContentLength          // 400: RFC 9112 §6.3
    case unsupportedTransferCoding     // 400: only `chunked` is accepted
    case transferEncodingInHTTP10      // 400: RFC 9112 §6.1
    case invalidChunk                  // 400: RFC 9112 §7.1
    case contentTooLarge               // 413
    case unsupportedExpectation        // 417: RFC 9110 §10.1.1

    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headerBlockTooLarge, .tooManyHeaderFields: .requestHeaderFieldsTooLarge
        case .unsupportedVersion: .httpVersionNotSupported
        case .unknownMethod: .notImplemented
        case .contentTooLarge: .contentTooLarge
        case .unsupportedExpectation: .expectationFailed
        default: .badRequest
        }
    }

    /// A short, fixed explanation: safe for the response body and the log.
    public var description: String {
        switch self {
        case .requestLineTooLong: "request line too long"
        case .headerBlockTooLarge: "header block too large"
        case .tooManyHeaderFields: "too many header fields"
        case .invalidRequestLine: "malformed request line"
        case .invalidMethod: "not an HTTP/1.x request line (the method is not a token; TLS sent to a plain HTTP port?)"
        case .invalidTarget: "malformed request target"
        case .invalidVersion: "malformed HTTP version"
        case .unsupportedVersion: "HTTP version not supported"
        case .unknownMethod: "method not implemented"
        case .bareLineFeed: "bare LF line ending"
        case .bareCarriageReturn: "bare CR"
        case .obsoleteLineFolding: "obsolete line folding"
        case .whitespaceBeforeColon: "whitespace before colon in field"
        case .invalidFieldName: "malformed field name"
        case .invalidFieldValue: "control character in field value"
        case .missingHost: "missing Host"
        case .multipleHosts: "more than one Host"
        case .invalidHost: "malformed Host"
        case .contentLengthWithTransferEncoding: "Content-Length with Transfer-Encoding"
        case .multipleContentLengths: "more than one Content-Length"
        case .invalidContentLength: "malformed Content-Length"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in HTTP/1.0"
        case .invalidChunk: "malformed chunked body"
        case .contentTooLarge: "body too large"
        case .unsupportedExpectation: "unsupported expectation"
        }
    }
}
