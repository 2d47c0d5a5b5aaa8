import Foundation
import HTTPServer
import WeChat

/// A test HTTP client, over real sockets or an `InProcessNetwork`. It never follows redirects
/// (neither transport does), so tests see each 302 and its Location.
struct TestHTTP: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var location: String? { headers["location"] }
        /// The body as a JSON object; empty when it is not one.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errcode: Int? { (json["errcode"] as? NSNumber)?.intValue }
        func string(_ key: String) -> String? { json[key] as? String }
        func int(_ key: String) -> Int? { (json[key] as? NSNumber)?.intValue }
    }

    let baseURL: URL
    var transport: any WeChatTransport = URLSessionTransport()

    func get(_ target: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send("GET", target, headers: headers, body: nil)
    }

    func post(_ target: String, json: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send("POST", target, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: Data(json.utf8))
    }

    /// POSTs a JSON object built from a dictionary.
    func post(_ target: String, object: [String: Any]) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await post(target, json: String(decoding: data, as: UTF8.self))
    }

    func postForm(_ target: String, _ pairs: [(String, String)], headers: [String: String] = [:]) async throws -> Reply {
        let body = QueryParameters(pairs).encoded
        return try await send("POST", target, headers: headers.merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a },
                              body: Data(body.utf8))
    }

    func send(_ method: String, _ target: String, headers: [String: String], body: Data?) async throws -> Reply {
        let url = target.hasPrefix("http") ? URL(string: target)! : URL(string: baseURL.absoluteString + target)!
        let response = try await transport.send(WeChatHTTPRequest(method: method, url: url, headers: headers, body: body, timeout: 120))
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }
}

/// `a=1&b=2` with every value percent-encoded.
func query(_ pairs: [(String, String)]) -> String {
    QueryParameters(pairs).encoded
}

/// The query parameters of a URL string, in order.
func queryItems(of url: String) -> QueryParameters {
    guard let question = url.firstIndex(of: "?") else { return QueryParameters() }
    var rest = url[url.index(after: question)...]
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    return (try? QueryParameters(parsing: rest)) ?? QueryParameters()
}
