import HTTPServer
import WXOpenSupport

/// The internal API's guard: `Authorization: Bearer KEY` must name a configured key, or the
/// answer is 401 in the API's JSON shape. A handler's error becomes that shape too.
struct APIKeyGuard: RouteGuard {
    /// Who is calling: the configured name of the key they presented.
    struct Caller: Sendable, Equatable {
        let keyName: String
    }

    let keys: APIKeyRing
    let logger: Logger

    init(keys: APIKeyRing, logger: Logger) {
        self.keys = keys
        self.logger = logger
    }

    /// Fixed keys, nothing watched (tests).
    init(authenticator: APIKeyAuthenticator, logger: Logger) {
        self.init(keys: APIKeyRing(authenticator: authenticator), logger: logger)
    }

    func check(_ request: HTTPRequest) async -> GuardVerdict<Caller> {
        let outcome = keys.authenticate(request)
        if case .accepted(let name) = outcome { return .pass(Caller(keyName: name)) }
        if case .expired(let name) = outcome {
            logger.warning("api_unauthorized", ["request_id": request.requestID, "key": name, "reason": "key expired",
                                                "path": request.rawPath, "remote": request.remoteHost])
            return .refuse(APIResponse.error(.unauthorized, code: "unauthorized", message: "the API key has expired; ask for a new one",
                                             headers: ["WWW-Authenticate": "Bearer realm=\"wxopen\", error=\"invalid_token\""]))
        }
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
