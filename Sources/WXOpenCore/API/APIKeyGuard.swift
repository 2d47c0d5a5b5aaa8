import HTTPServer
import WXOpenSupport

/// The internal API's guard: `Authorization: Bearer KEY` must name a configured key, or the
/// answer is 401 in the API's JSON shape. A handler's error becomes that shape too.
struct APIKeyGuard: RouteGuard {
    /// Who is calling: the configured name of the key they presented.
    struct Caller: Sendable, Equatable {
        let keyName: String
    }

    let authenticator: APIKeyAuthenticator
    let logger: Logger

    func check(_ request: HTTPRequest) async -> GuardVerdict<Caller> {
        let outcome = authenticator.authenticate(request)
        if case .accepted(let name) = outcome { return .pass(Caller(keyName: name)) }
        if outcome == .ambiguous {
            // 400, not 401: the request is malformed (RFC 9110 §15.5.1), and a 401 would invite
            // the client to retry the same two credentials after the challenge.
            logger.warning("api_unauthorized", ["request_id": request.requestID, "key": "unknown", "reason": "more than one credential",
                                                "path": request.rawPath, "remote": request.remoteHost])
            return .refuse(APIResponse.error(.badRequest, code: "ambiguous_authorization",
                                             message: "send exactly one Authorization: Bearer KEY field, with one key"))
        }
        let missing = outcome == .missing
        logger.warning("api_unauthorized", ["request_id": request.requestID, "key": "unknown",
                                            "reason": missing ? "no bearer key" : "key not recognised",
                                            "path": request.rawPath, "remote": request.remoteHost])
        return .refuse(APIResponse.error(.unauthorized, code: "unauthorized",
                                         message: missing ? "send Authorization: Bearer KEY" : "the API key is not recognised",
                                         headers: ["WWW-Authenticate": "Bearer realm=\"wxopen\""]))
    }

    func response(for error: any Error, to request: HTTPRequest, context: Caller) -> HTTPResponse? {
        APIResponse.error(error)
    }
}
