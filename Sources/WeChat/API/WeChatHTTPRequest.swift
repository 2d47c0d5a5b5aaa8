import Foundation

/// One request to WeChat, as handed to a `WeChatTransport`.
///
/// The URL carries tokens in its query string and the body may carry an appsecret, so the
/// description shows the method, the path, the query parameter names and the body size only.
public struct WeChatHTTPRequest: Sendable {
    /// `"GET"` or `"POST"`.
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// The whole exchange must finish within this many seconds.
    public var timeout: TimeInterval

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The query parameters in order, percent-decoded.
    public var queryItems: [URLQueryItem] {
        URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
    }

    /// The decoded value of the first query parameter with this name.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

extension WeChatHTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let names = queryItems.map { $0.name + "=…" }.joined(separator: "&")
        let target = url.path + (names.isEmpty ? "" : "?" + names)
        return "\(method) \(target) (body \(body?.count ?? 0) bytes)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "path": url.path, "bodyBytes": body?.count ?? 0, "timeout": timeout])
    }
}
