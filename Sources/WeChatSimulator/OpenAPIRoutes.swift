import Foundation
import HTTPServer

/// The API-management tools (`openapi/quota/get`, `openapi/rid/get`): the token says whose
/// quota or rid is asked about, the platform's (component token) or an account's.
extension WeChatSimulator {
    func openAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/openapi/quota/get", api("openapi_quota_get", apiQuota))
        router.post("/cgi-bin/openapi/rid/get", api("openapi_rid_get", ridInfo))
        return router
    }

    @Sendable private func apiQuota(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let (limit, used) = try withState { state throws(APIError) in
            let owner = try state.tokens.owner(of: request.query["access_token"], now: now, grace: state.settings.replacedTokenGrace)
            let (holder, asker): (String, QuotaBook.Holder) = switch owner {
            case .component: ("component", .component)
            case .authorizer(let appID): (appID, .authorizer)
            }
            let entry = try QuotaBook.entry(body.string("cgi_path"), for: asker)
            return (entry.dailyLimit, state.quotas.used(entry, holder: holder, counters: state.counters))
        }
        return .object([
            ("errcode", .int(0)), ("errmsg", .string("ok")),
            ("quota", .object([("daily_limit", .int(limit)), ("used", .int(used)), ("remain", .int(max(0, limit - used)))])),
            ("rate_limit", .object([("call_count", .int(QuotaBook.rateLimit.callCount)),
                                    ("refresh_second", .int(QuotaBook.rateLimit.refreshSeconds))])),
        ])
    }

    @Sendable private func ridInfo(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let record = try withState { state throws(APIError) in
            let owner = try state.tokens.owner(of: request.query["access_token"], now: now, grace: state.settings.replacedTokenGrace)
            return try state.rids.lookup(body.string("rid"), by: owner, now: now)
        }
        return .object([
            ("errcode", .int(0)), ("errmsg", .string("ok")),
            ("request", .object([
                ("invoke_time", .int(Int(record.time.timeIntervalSince1970))), ("cost_in_ms", .int(1)),
                ("request_url", .string(record.requestURL)), ("request_body", .string(record.requestBody)),
                ("response_body", .string(record.responseBody)), ("client_ip", .string("127.0.0.1")),
            ])),
        ])
    }
}
