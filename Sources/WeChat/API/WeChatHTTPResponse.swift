import Foundation

/// WeChat's answer as the transport received it; redirects are never followed, so a 3xx
/// arrives here as it was sent.
public struct WeChatHTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// A JSON answer, the shape every WeChat API endpoint uses.
    public static func json(_ text: String, status: Int = 200) -> WeChatHTTPResponse {
        WeChatHTTPResponse(status: status, headers: ["content-type": "application/json; encoding=utf-8"], body: Data(text.utf8))
    }
}

// The body holds tokens on success, so only its size is ever shown.
extension WeChatHTTPResponse: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "HTTP \(status) (body \(body.count) bytes)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["status": status, "bodyBytes": body.count]) }
}
