import Foundation
import HTTPServer

/// The API-management tools (`openapi/quota/get`, `openapi/rid/get`): the token says whose
/// quota or rid is asked about, the platform's (component token) or an account's.
extension WeChatSimulator {
    func openAPIRoutes() -> Router {
        var router = Router()
        router.post("/cgi-bin/openapi/quota/get", api("openapi_quota_get", .json, apiQuota))
        router.post("/cgi-bin/openapi/rid/get", api("openapi_rid_get", .json, ridInfo))
        return router
    }

    @Sendable private func apiQuota(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let (holder, asker): (String, QuotaBook.Holder) = switch try state.tokenOwner(call) {
        case .component: ("component", .component)
        case .authorizer(let appID): (appID, .authorizer)
        }
        let entry = try QuotaBook.entry(call.body.string("cgi_path"), for: asker)
        let (limit, used) = (entry.dailyLimit, state.quotas.used(entry, holder: holder, counters: state.counters))
        return .ok(
            ("quota", .object([("daily_limit", .int(limit)), ("used", .int(used)), ("remain", .int(max(0, limit - used)))])),
            ("rate_limit", .object([("call_count", .int(QuotaBook.rateLimit.callCount)),
                                    ("refresh_second", .int(QuotaBook.rateLimit.refreshSeconds))])))
    }

    @Sendable private func ridInfo(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let record = try state.rids.lookup(call.body.string("rid"), by: try state.tokenOwner(call), now: call.now)
        return .ok(
            ("request", .object([
                ("invoke_time", .int(Int(record.time.timeIntervalSince1970))), ("cost_in_ms", .int(1)),
                ("request_url", .string(record.requestURL)), ("request_body", .string(record.requestBody)),
                ("response_body", .string(record.responseBody)), ("client_ip", .string("127.0.0.1")),
            ])))
    }
}

extension SimulatorState {
    /// Whose token `access_token` is, the platform's or an account's: these tools take either.
    func tokenOwner(_ call: APICall) throws(APIError) -> TokenLedger.Owner {
        try tokens.owner(of: call.query["access_token"], now: call.now, grace: settings.replacedTokenGrace)
    }
}
