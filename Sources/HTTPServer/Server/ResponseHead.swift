/// The status line and header section of a response, as bytes.
struct ResponseHead {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var date: String
    var requestID: String
    var serverName: String?
    var contentLength: Int?
    var chunked = false
    var close = false
    var keepAliveFor10 = false

    /// Appends the head to `out`, byte by byte: no intermediate strings on the hot path.
    func write(to out: inout [UInt8]) {
        out.appendLiteral("HTTP/1.1 ")
        ResponseHead.append(status.code, to: &out)
        out.append(0x20)
        out.appendUTF8(status.reason)
        out.appendLiteral("\r\n")
        for field in headers where !ResponseHead.isOwned(field.name) {
            ResponseHead.line(field.name, field.value, to: &out)
        }
        ResponseHead.line("Date", date, to: &out)
        if let serverName { ResponseHead.line("Server", serverName, to: &out) }
        ResponseHead.line("X-Request-Id", requestID, to: &out)
        // Every answer, whatever its handler: a browser must not guess a type from the bytes
        // (a JSON error or a plain-text page rendered as HTML).
        out.appendLiteral("X-Content-Type-Options: nosniff\r\n")
        if chunked {
            out.appendLiteral("Transfer-Encoding: chunked\r\n")
        } else if let contentLength {
            out.appendLiteral("Content-Length: ")
            ResponseHead.append(contentLength, to: &out)
            out.appendLiteral("\r\n")
        }
        if close {
            out.appendLiteral("Connection: close\r\n")
        } else if keepAliveFor10 {
            out.appendLiteral("Connection: keep-alive\r\n")
        }
        out.appendLiteral("\r\n")
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    private static func line(_ name: String, _ value: String, to out: inout [UInt8]) {
        out.appendUTF8(name)
        out.append(0x3A)
        out.append(0x20)
        out.appendUTF8(value)
        out.appendLiteral("\r\n")
    }

    private static func append(_ number: Int, to out: inout [UInt8]) {
        if number >= 10 { append(number / 10, to: &out) }
        out.append(UInt8(0x30 + number % 10))
    }

    /// Fields the server sets itself; a handler's values for them are dropped.
    private static func isOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: name.equalsIgnoringASCIICase("date")
        case 10: name.equalsIgnoringASCIICase("connection") || name.equalsIgnoringASCIICase("keep-alive")
        case 12: name.equalsIgnoringASCIICase("x-request-id")
        case 14: name.equalsIgnoringASCIICase("content-length")
        case 17: name.equalsIgnoringASCIICase("transfer-encoding")
        case 22: name.equalsIgnoringASCIICase("x-content-type-options")
        default: false
        }
    }

    /// The name of the first field that cannot be sent safely: a name that is not a token, or a
    /// value with CR, LF, NUL or another control character (header injection).
    static func firstInvalidField(_ headers: HTTPHeaders) -> String? {
        for field in headers {
            if field.name.isEmpty || !field.name.utf8.allSatisfy(ByteClass.isTChar) {
                return String(field.name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "?" })
            }
            if !field.value.utf8.allSatisfy(ByteClass.isFieldValueByte) { return field.name }
        }
        return nil
    }
}
