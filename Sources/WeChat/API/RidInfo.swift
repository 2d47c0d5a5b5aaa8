import Foundation

/// What WeChat recorded about one failed call, from `/cgi-bin/openapi/rid/get`: the `rid` is the
/// id at the end of a WeChat errmsg (`… rid: 61725984-6126f6f9-040f19c4`), kept 7 days.
public struct RidInfo: Sendable, Equatable, Decodable {
    public var invokeTime: Date
    public var costInMilliseconds: Int
    /// The query string of the call as WeChat logged it (it may hold a token prefix).
    public var requestURL: String
    public var requestBody: String
    public var responseBody: String
    public var clientIP: String
}

extension RidInfo {
    private enum CodingKeys: String, CodingKey { case request }
    private enum RequestKeys: String, CodingKey {
        case invokeTime = "invoke_time", costInMilliseconds = "cost_in_ms", requestURL = "request_url"
        case requestBody = "request_body", responseBody = "response_body", clientIP = "client_ip"
    }

    public init(from decoder: any Decoder) throws {
        let request = try decoder.container(keyedBy: CodingKeys.self).nestedContainer(keyedBy: RequestKeys.self, forKey: .request)
        invokeTime = Date(timeIntervalSince1970: TimeInterval(try request.decodeLenientInt(forKey: .invokeTime)))
        costInMilliseconds = try request.decodeLenientIntIfPresent(forKey: .costInMilliseconds) ?? 0
        requestURL = try request.decodeIfPresent(String.self, forKey: .requestURL) ?? ""
        requestBody = try request.decodeIfPresent(String.self, forKey: .requestBody) ?? ""
        responseBody = try request.decodeIfPresent(String.self, forKey: .responseBody) ?? ""
        clientIP = try request.decodeIfPresent(String.self, forKey: .clientIP) ?? ""
    }
}
