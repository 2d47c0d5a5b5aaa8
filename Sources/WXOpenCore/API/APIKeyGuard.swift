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
