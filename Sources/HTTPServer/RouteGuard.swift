/// A check in front of every route of a group (an API key, a signed-in session): it refuses
/// the request with a response of its own, or lets the handler run with what it established
/// (the key's name, the session).
///
///     struct APIKeyGuard: RouteGuard {
///         func check(_ request: HTTPRequest) async -> GuardVerdict<String> {
///             guard let name = keys.name(for: request) else { return .refuse(.text("who are you?", status: .unauthorized)) }
///             return .pass(name)
///         }
///     }
public protocol RouteGuard: Sendable {
    /// What a passed request carries into the handler.
    associatedtype Context: Sendable

    func check(_ request: HTTPRequest) async -> GuardVerdict<Context>

    /// The group's own answer to an error its handler threw (e.g. the API's JSON error shape);
    /// nil leaves it to `Router.response(for:…)`. Never asked about a cancelled handler.
    func response(for error: any Error, to request: HTTPRequest, context: Context) -> HTTPResponse?
}

extension RouteGuard {
    public func response(for error: any Error, to request: HTTPRequest, context: Context) -> HTTPResponse? { nil }
}

/// What a `RouteGuard` decided.
public enum GuardVerdict<Context: Sendable>: Sendable {
    /// The handler runs, with this context.
    case pass(Context)
    /// The handler does not run; this is the answer.
    case refuse(HTTPResponse)
}
