import Testing
@testable import HTTPServer

/// The response head as bytes: the handler's fields, then the ones the server owns.
@Suite struct ResponseHeadTests {
    func text(_ head: ResponseHead) -> String { String(decoding: head.bytes, as: UTF8.self) }

    @Test func head_HasTheStatusLine_TheHandlersFieldsInOrder_ThenTheServersOwn() {
        let head = ResponseHead(status: .found, headers: ["Location": "/next", "Set-Cookie": "a=1", "set-cookie": "b=2"],
                                date: "Sun, 06 Nov 1994 08:49:37 GMT", requestID: "abc-123", serverName: "wxopen",
                                contentLength: 0)
        #expect(text(head) == "HTTP/1.1 302 Found\r\nLocation: /next\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: wxopen\r\nX-Request-Id: abc-123\r\nX-Content-Type-Options: nosniff\r\n"
            + "Content-Length: 0\r\n\r\n")
    }

    @Test func handlersFramingDateIDAndNosniffFields_AreDropped_ForTheServersValues() {
        let head = ResponseHead(status: .ok, headers: ["Content-Length": "999", "connection": "keep-alive", "Keep-Alive": "timeout=5",
                                                       "DATE": "yesterday", "X-Request-ID": "forged", "Transfer-Encoding": "gzip",
                                                       "X-Content-Type-Options": "sniff", "X-Kept": "yes"],
                                date: "today", requestID: "real", serverName: nil, contentLength: 12, close: true)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nDate: today\r\nX-Request-Id: real\r\nX-Content-Type-Options: nosniff\r\n"
            + "Content-Length: 12\r\nConnection: close\r\n\r\n")
    }

    @Test func chunked_ReplacesContentLength_AndHTTP10KeepAliveIsSaid() {
        var head = ResponseHead(status: .ok, headers: [:], date: "d", requestID: "r", contentLength: 5, chunked: true)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: d\r\nX-Request-Id: r\r\nX-Content-Type-Options: nosniff\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n")
        head.chunked = false
        head.keepAliveFor10 = true
        #expect(text(head).hasSuffix("Content-Length: 5\r\nConnection: keep-alive\r\n\r\n"))
    }

    @Test(arguments: [("X-Evil", "a\r\nSet-Cookie: x=1", "X-Evil"), ("X-Nul", "a\u{00}b", "X-Nul"),
                      ("Bad Name", "v", "Bad Name"), ("", "v", ""), ("X-Bell\u{07}", "v", "X-Bell?")])
    func firstInvalidField_NamesTheFieldThatCannotBeSent(name: String, value: String, reported: String) {
        #expect(ResponseHead.firstInvalidField(["X-Fine": "ok", name: value]) == reported)
    }

    @Test func firstInvalidField_IsNil_ForSafeFields() {
        #expect(ResponseHead.firstInvalidField(["Content-Type": "text/html; charset=utf-8", "X-Tab": "a\tb", "X-UTF8": "中文"]) == nil)
    }
}
