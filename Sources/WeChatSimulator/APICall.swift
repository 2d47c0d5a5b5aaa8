import Foundation
import HTTPServer

/// What a WeChat API route works with: the request, its JSON body (empty unless the route reads
/// one) and the one reading of the clock the whole call uses.
struct APICall {
    let request: HTTPRequest
    let body: JSONRequestBody
    let now: Date

    var query: QueryParameters { request.query }
}

extension WeChatSimulator {
    /// What a route reads before its work.
    enum APIInput {
        /// Nothing: the query string says it all.
        case query
        /// A JSON object body, parsed first: WeChat answers 47001 for a bad one before any other check.
        case json
    }

    typealias StateHandler = @Sendable (APICall, inout SimulatorState) throws(APIError) -> JSONValue

    /// `api` for a route whose work is all on the state, as most are: reads the input, then runs
    /// `handler` under the state lock, its answer included, so no route repeats those steps.
    func api(_ endpoint: String, _ input: APIInput, _ handler: @escaping StateHandler) -> Router.Handler {
        api(endpoint) { [self] request in
            let body = input == .json ? try JSONRequestBody(request.body) : JSONRequestBody(members: [:])
            let call = APICall(request: request, body: body, now: clock.now())
            return try withState { state throws(APIError) in try handler(call, &state) }
        }
    }
}

extension SimulatorState {
    /// The platform's side of most component calls: its token in the query (40001, 42001) and
    /// its appid in the body (61011).
    func requireComponent(_ call: APICall) throws(APIError) {
        try requireComponentToken(call.query["component_access_token"], now: call.now)
        try requireComponentAppID(call.body.string("component_appid"))
    }
}
