import Foundation
import HTTPServer

/// WeChat's request ids: with `ridsInErrors` every error answer's errmsg ends in ` rid: …` and
/// the call is remembered for `openapi/rid/get`, the way WeChat's are.
extension WeChatSimulator {
    /// The error answer for a call that failed, with a rid when the configuration asks for one.
    func failure(_ error: APIError, for request: HTTPRequest, endpoint: String) -> HTTPResponse {
        guard configuration.ridsInErrors else { return error.response }
        let rid = TokenFactory.rid()
        let answered = APIError(error.errcode, error.errmsg + " rid: " + rid)
        let now = clock.now()
        let token = request.query["access_token"] ?? request.query["component_access_token"]
        state.withLock { state in
            // A call without a usable token is charged to the platform, as the component API's are.
            let owner = (try? state.tokens.owner(of: token, now: now, grace: state.settings.replacedTokenGrace)) ?? .component
            state.rids.record(rid, RidLedger.Record(
                owner: owner, time: now, requestURL: Self.loggedQuery(request.query),
                requestBody: String(decoding: request.body, as: UTF8.self), responseBody: answered.json.rendered()))
        }
        logger.debug("simulated_error", ["endpoint": endpoint, "errcode": "\(error.errcode)", "rid": rid])
        return answered.response
    }

    /// The query as WeChat logs it: tokens cut to their first characters.
    static func loggedQuery(_ query: QueryParameters) -> String {
        query.items.map { item in
            let value = item.name.hasSuffix("access_token") ? String(item.value.prefix(6)) + "xxxx" : item.value
            return item.name + "=" + value
        }.joined(separator: "&")
    }
}
