/// Routes under one path prefix behind one `RouteGuard`, added to a router together:
///
///     router.group("/api/v1", guardedBy: apiKeys) { api in
///         api.get("/authorizers", list)
///         api.post("/authorizers/:appid/access-token/refresh", bodyLimit: 4096, refresh)
///     }
///
/// Each route's handler runs only when the guard passes the request. A handler takes the
/// request and the guard's context, or just one of them.
public struct RouteGroup<Guard: RouteGuard>: Sendable {
    public typealias Handler = @Sendable (HTTPRequest, Guard.Context) async throws -> HTTPResponse
    public typealias ContextHandler = @Sendable (Guard.Context) async throws -> HTTPResponse
    public typealias RequestHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// Put before every route's path: `"/admin"` + `"/sync"`; `""` serves the prefix itself.
    public let prefix: String
    public let routeGuard: Guard
    /// The group's routes, in the order they were added (the first declared match wins).
    public private(set) var routes = Router()

    public init(prefix: String, guardedBy routeGuard: Guard) {
        self.prefix = prefix
        self.routeGuard = routeGuard
    }

    /// Inlinable so that the route closure is specialised for the group's guard where the group
    /// is built: a generic closure looks up `GuardVerdict<Context>`'s metadata on every request.
    @inlinable
    public mutating func on(_ method: HTTPMethod, _ path: String, bodyLimit: Int? = nil, timeout: Duration? = nil,
                            _ handler: @escaping Handler) {
        let routeGuard = routeGuard
        addRoute(method, prefix + path, bodyLimit: bodyLimit, timeout: timeout) { request in
            let context: Guard.Context
            switch await routeGuard.check(request) {
            case .refuse(let response): return response
            case .pass(let established): context = established
            }
            do {
                return try await handler(request, context)
            } catch let error where !Router.isCancellation(error) {
                guard let response = routeGuard.response(for: error, to: request, context: context) else { throw error }
                return response
            }
        }
    }

    @usableFromInline
    mutating func addRoute(_ method: HTTPMethod, _ pattern: String, bodyLimit: Int?, timeout: Duration?,
                           _ handler: @escaping Router.Handler) {
        routes.add(method, pattern, bodyLimit: bodyLimit, timeout: timeout, handler)
    }

    public mutating func get(_ path: String, timeout: Duration? = nil, _ handler: @escaping Handler) {
        on(.get, path, timeout: timeout, handler)
    }

    public mutating func get(_ path: String, timeout: Duration? = nil, _ handler: @escaping ContextHandler) {
        on(.get, path, timeout: timeout) { _, context in try await handler(context) }
    }

    public mutating func get(_ path: String, timeout: Duration? = nil, _ handler: @escaping RequestHandler) {
        on(.get, path, timeout: timeout) { request, _ in try await handler(request) }
    }

    public mutating func post(_ path: String, bodyLimit: Int? = nil, timeout: Duration? = nil, _ handler: @escaping Handler) {
        on(.post, path, bodyLimit: bodyLimit, timeout: timeout, handler)
    }

    public mutating func post(_ path: String, bodyLimit: Int? = nil, timeout: Duration? = nil, _ handler: @escaping ContextHandler) {
        on(.post, path, bodyLimit: bodyLimit, timeout: timeout) { _, context in try await handler(context) }
    }

    public mutating func post(_ path: String, bodyLimit: Int? = nil, timeout: Duration? = nil, _ handler: @escaping RequestHandler) {
        on(.post, path, bodyLimit: bodyLimit, timeout: timeout) { request, _ in try await handler(request) }
    }

    public mutating func put(_ path: String, bodyLimit: Int? = nil, _ handler: @escaping Handler) {
        on(.put, path, bodyLimit: bodyLimit, handler)
    }

    public mutating func put(_ path: String, bodyLimit: Int? = nil, _ handler: @escaping RequestHandler) {
        on(.put, path, bodyLimit: bodyLimit) { request, _ in try await handler(request) }
    }

    public mutating func delete(_ path: String, _ handler: @escaping Handler) {
        on(.delete, path, handler)
    }

    public mutating func delete(_ path: String, _ handler: @escaping RequestHandler) {
        on(.delete, path) { request, _ in try await handler(request) }
    }
}

extension Router {
    /// Adds the routes `build` declares under `prefix`, each behind `routeGuard`.
    public mutating func group<Guard: RouteGuard>(_ prefix: String, guardedBy routeGuard: Guard,
                                                  _ build: (inout RouteGroup<Guard>) -> Void) {
        var group = RouteGroup(prefix: prefix, guardedBy: routeGuard)
        build(&group)
        merge(group.routes)
    }
}
