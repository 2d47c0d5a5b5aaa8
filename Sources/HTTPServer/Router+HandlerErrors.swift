import WXOpenSupport

/// The one place a handler's error becomes a response: the live server (`ServerContext`) and
/// `Router.respond(to:)` both run handlers through `Route.run`, so a route test sees exactly
/// what a client would.
extension Router.Route {
    /// Runs the handler; whatever it throws is answered by `Router.response(for:…)`.
    public func run(_ request: HTTPRequest, logger: Logger?) async -> HTTPResponse {
        do {
            return try await handler(request)
        } catch {
            return Router.response(for: error, to: request, route: pattern, logger: logger)
        }
    }
}

extension Router {
    /// A thrown `HTTPError` is its own response. A cancelled handler (the client went away, or
    /// the handler outlived its timeout and the connection cancelled it) gets 503 and no error
    /// log: nothing failed, and the connection has already answered or logged it. Anything else
    /// is a 500 that names the request id; the error itself goes to the log, never to the client.
    public static func response(for error: any Error, to request: HTTPRequest, route: String, logger: Logger?) -> HTTPResponse {
        if let error = error as? HTTPError { return error.response }
        if isCancellation(error) { return HTTPError(.serviceUnavailable, "The request was cancelled.").response }
        logger?.error("handler_failed", ["request_id": request.requestID, "route": route, "error": String(describing: error)])
        return HTTPError(.internalServerError, "Internal error; see the server log for request \(request.requestID).").response
    }

    /// A `CancellationError`, or any error thrown once the handler's task was cancelled (a
    /// transport's own "cancelled" error, a stream writer whose client left).
    public static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || Task.isCancelled
    }
}
