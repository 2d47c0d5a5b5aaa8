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

    /// Fields the server sets itself; a handler's values for them are dropped.
    private static let owned: Set<String> = ["content-length", "transfer-encoding", "connection", "date", "x-request-id", "keep-alive"]

    var bytes: [UInt8] {
        var text = "HTTP/1.1 \(status.code) \(status.reason)\r\n"
        for field in headers where !ResponseHead.owned.contains(field.name.lowercasedASCII()) {
            text += field.name + ": " + field.value + "\r\n"
        }
        text += "Date: " + date + "\r\n"
        if let serverName { text += "Server: " + serverName + "\r\n" }
        text += "X-Request-Id: " + requestID + "\r\n"
        if chunked {
            text += "Transfer-Encoding: chunked\r\n"
        } else if let contentLength {
            text += "Content-Length: \(contentLength)\r\n"
        }
        if close {
            text += "Connection: close\r\n"
        } else if keepAliveFor10 {
            text += "Connection: keep-alive\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
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
