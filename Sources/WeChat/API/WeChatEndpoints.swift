import Foundation
import WXOpenSupport

/// Where WeChat lives. Each base URL may carry a path prefix (a simulator mounted under
/// `/wechat/`, say); endpoint paths are appended to it.
public struct WeChatEndpoints: Sendable, Equatable {
    /// The API host. Default: `https://api.weixin.qq.com`.
    public var apiBaseURL: URL
    /// Hosts the PC authorization page (`componentloginpage`). Default: `https://mp.weixin.qq.com`.
    public var mpBaseURL: URL
    /// Hosts the mobile authorization page and web authorization. Default: `https://open.weixin.qq.com`.
    public var openBaseURL: URL

    public init(apiBaseURL: URL, mpBaseURL: URL, openBaseURL: URL) {
        self.apiBaseURL = apiBaseURL
        self.mpBaseURL = mpBaseURL
        self.openBaseURL = openBaseURL
    }

    /// All three on one base URL, as a simulator serves them.
    public init(baseURL: URL) {
        self.init(apiBaseURL: baseURL, mpBaseURL: baseURL, openBaseURL: baseURL)
    }

    public static let production = WeChatEndpoints(
        apiBaseURL: URL(string: "https://api.weixin.qq.com")!,
        mpBaseURL: URL(string: "https://mp.weixin.qq.com")!,
        openBaseURL: URL(string: "https://open.weixin.qq.com")!)

    /// `base` + `path` + the query, each value percent-encoded, in the order given.
    static func url(_ base: URL, path: String, query: [(String, String)], fragment: String? = nil) -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else {
            preconditionFailure("WeChat base URL cannot be split into components")
        }
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        components.percentEncodedPath = prefix + path
        components.percentEncodedQuery = query.isEmpty ? nil : PercentEncoding.query(query)
        components.percentEncodedFragment = fragment
        // Every part is either from a valid URL or percent-encoded here, so this cannot fail.
        guard let url = components.url else { preconditionFailure("WeChat URL could not be assembled") }
        return url
    }
}
