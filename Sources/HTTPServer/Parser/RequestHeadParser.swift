import Glibc

/// Finds and validates a request head in the bytes received so far.
///
/// The scan is incremental: bytes already looked at are not looked at again, so a client that
/// sends one byte at a time costs linear work. Limits are enforced while scanning, so an
/// oversized head is refused without waiting for its end.
struct RequestHeadParser: Sendable {
    enum Result: Equatable {
        case needMore
        /// The head and the number of bytes it occupied (including skipped leading CRLFs).
        case head(RequestHead, consumed: Int)
        case error(HTTPParseError)
    }

    let limits: HTTPParserLimits
    private var scanned = 0
    private var lineStart = 0
    private var requestLineStart: Int?
    private var requestLineEnd: Int?
    /// True once the SP after the method has been seen.
    private var methodEnded = false
    private var fieldLines = 0

    init(limits: HTTPParserLimits) { self.limits = limits }

    /// True once any byte of a request (past leading empty lines) has arrived.
    var hasStarted: Bool { requestLineStart != nil }

    mutating func reset() { self = RequestHeadParser(limits: limits) }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        while scanned < bytes.count {
            // Past the method, only line ends matter: jump to the next LF (memchr) instead of
            // looking at every byte. The limits are checked for the last byte jumped over, which
            // is where the byte-by-byte scan would have stopped first.
            if requestLineStart != nil, methodEnded || requestLineEnd != nil, bytes[scanned] != ByteClass.lf {
                let found = memchr(bytes.baseAddress! + scanned, Int32(ByteClass.lf), bytes.count - scanned)
                let stop = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? bytes.count
                if requestLineEnd == nil, stop - requestLineStart! > limits.maxRequestLineBytes + 1 { return .error(.requestLineTooLong) }
                if let requestLineEnd, stop - requestLineEnd > limits.maxHeaderBytes { return .error(.headerBlockTooLarge) }
                scanned = stop
                if found == nil { return .needMore }
            }
            let byte = bytes[scanned]
            if requestLineStart == nil {
                // RFC 9112 §2.2: ignore empty lines (CRLF) before the request-line; "at least one"
                // is asked for, and up to a request line's worth is taken, so a stream of CRLFs
                // cannot pile up in memory.
                if byte == ByteClass.cr || byte == ByteClass.lf {
                    if byte == ByteClass.lf && (scanned == 0 || bytes[scanned - 1] != ByteClass.cr) { return .error(.bareLineFeed) }
                    if scanned >= limits.maxRequestLineBytes { return .error(.invalidRequestLine) }
                    scanned += 1
                    lineStart = scanned
                    continue
                }
                if scanned > 0 && bytes[scanned - 1] == ByteClass.cr { return .error(.bareCarriageReturn) }
                requestLineStart = scanned
            }
            if !methodEnded, requestLineEnd == nil, byte != ByteClass.cr, byte != ByteClass.lf {
                // RFC 9112 §3: method = token (1*tchar), ended by SP. The first byte that is
                // neither cannot start a request (a TLS ClientHello opens with 0x16 0x03): refuse
                // it now instead of waiting for a line end that may never come. nginx decides on
                // the first byte too, more strictly (only A-Z, "_" and "-"; 400 "invalid method").
                if byte == ByteClass.space && scanned > requestLineStart! {
                    methodEnded = true
                } else if !ByteClass.isTChar(byte) {
                    return .error(.invalidMethod)
                }
            }
            scanned += 1
            guard byte == ByteClass.lf else {
                if requestLineEnd == nil, scanned - requestLineStart! > limits.maxRequestLineBytes + 1 {
                    return .error(.requestLineTooLong)
                }
                if let requestLineEnd, scanned - requestLineEnd > limits.maxHeaderBytes {
                    return .error(.headerBlockTooLarge)
                }
                continue
            }
            let lfIndex = scanned - 1
            guard lfIndex > lineStart, bytes[lfIndex - 1] == ByteClass.cr else {
                return .error(.bareLineFeed)
            }
            let lineLength = lfIndex - 1 - lineStart
            if requestLineEnd == nil {
                if lineLength > limits.maxRequestLineBytes { return .error(.requestLineTooLong) }
                requestLineEnd = scanned
            } else if lineLength == 0 {
                // The limit counts the final CRLF too (`HTTPParserLimits.maxHeaderBytes`).
                if scanned - requestLineEnd! > limits.maxHeaderBytes { return .error(.headerBlockTooLarge) }
                let start = requestLineStart!
                let head = RequestHeadValidator(bytes: bytes, limits: limits)
                    .validate(requestLine: start..<(requestLineEnd! - 2), fields: requestLineEnd!..<(lfIndex - 1))
                switch head {
                case .success(let head): return .head(head, consumed: scanned)
                case .failure(let error): return .error(error)
                }
            } else {
                fieldLines += 1
                if fieldLines > limits.maxHeaderCount { return .error(.tooManyHeaderFields) }
                if scanned - requestLineEnd! > limits.maxHeaderBytes { return .error(.headerBlockTooLarge) }
            }
            lineStart = scanned
        }
        return .needMore
    }
}
