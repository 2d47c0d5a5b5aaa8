import Foundation
import HTTPServer
import WeChat

/// The quota tools on the internal API, for an authorized account and for the platform itself:
/// `GET …/quota?cgi_path=`, `GET …/rid/:rid`, `POST …/quota/clear` `{"confirm": "<appid>"}`.
struct QuotaToolRoutes: Sendable {
    let tools: QuotaTools
    let apiKeys: APIKeyGuard

    private var platform: Platform { tools.platform }

    func add(to router: inout Router) {
        router.group("/api/v1", guardedBy: apiKeys) { api in
            // The same tools for an account and for the platform itself (`holder` tells them apart).
            for prefix in ["/authorizers/:appid", "/component"] {
                api.get(prefix + "/quota", quota)
                api.get(prefix + "/rid/:rid", rid)
                api.post(prefix + "/quota/clear", bodyLimit: 1024, clear)
            }
        }
    }

    /// The account in the path, or the platform for `/component/…`.
    private func holder(_ request: HTTPRequest) -> (QuotaTools.Holder, appIDKey: String, appID: String) {
        if let appID = request.pathParameters["appid"] { return (.account(appID), "authorizer_appid", appID) }
        return (.component, "component_appid", platform.componentAppID)
    }

    private func quota(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (holder, key, appID) = self.holder(request)
        guard let path = request.query["cgi_path"], !path.isEmpty else {
            throw HTTPError(.badRequest, "cgi_path is required, e.g. ?cgi_path=/cgi-bin/message/custom/send")
        }
        let quota = try await tools.quota(holder, cgiPath: path)
        var json: [String: JSONBody] = [key: .string(appID), "cgi_path": .string(path), "daily_limit": .int(quota.dailyLimit),
                                        "used": .int(quota.used), "remain": .int(quota.remain)]
        if let limit = quota.rateLimit { json["rate_limit"] = Self.json(limit) }
        if let limit = quota.componentRateLimit { json["component_rate_limit"] = Self.json(limit) }
        return APIResponse.json(json)
    }

    private func rid(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (holder, key, appID) = self.holder(request)
        let rid = request.pathParameters["rid"] ?? ""
        let info = try await tools.rid(holder, rid: rid)
        let json: [String: JSONBody] = [
            key: .string(appID), "rid": .string(rid), "invoke_time": .string(APIResponse.timestamp(info.invokeTime)),
            "cost_in_ms": .int(info.costInMilliseconds), "request_url": .string(info.requestURL),
            "request_body": .string(info.requestBody), "response_body": .string(info.responseBody), "client_ip": .string(info.clientIP),
        ]
        return APIResponse.json(json)
    }

    /// The body must repeat the appid being reset: a reset spends one of 10 a month.
    private func clear(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        let (holder, key, appID) = self.holder(request)
        let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]
        guard let confirm = object?["confirm"] as? String, confirm == appID else {
            throw APIProblem(.badRequest, "confirmation_required",
                             "a reset spends one of the 10 WeChat allows a month: send {\"confirm\": \"\(PlatformError.named(appID))\"} to confirm")
        }
        try await tools.clear(holder, by: "api key \(caller.keyName)")
        return APIResponse.json([key: JSONBody.string(appID), "cleared": .bool(true)])
    }

    static func json(_ limit: APIQuota.RateLimit) -> JSONBody {
        ["call_count": .int(limit.callCount), "refresh_second": .int(limit.refreshSeconds)]
    }
}
