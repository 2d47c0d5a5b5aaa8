import WXOpenSupport
/// Routes requests by method and path pattern. Patterns are literal segments, `:name`
/// parameters and an optional trailing `*` that matches the rest of the path. Requests are
/// matched by their decoded segments (`HTTPRequest.pathSegments`, see `RequestPath`), never by
/// a decoded path split again: `%2F` is data inside one segment, and an empty segment matches
/// no literal and binds no parameter.
///
/// The most specific pattern owns a path, as in a trie: at the first segment where two patterns
/// differ, a literal beats a parameter and a parameter beats `*`, whatever their methods. So
/// with `POST /authorizers/sync` and `GET /authorizers/:appid`, `GET /authorizers/sync` is 405
/// (Allow: POST), not an appid. Among equally specific patterns the first declared wins.
///
///     router.get("/healthz") { _ in .text("ok\n") }
///     router.post("/wechat/messages/:appid", bodyLimit: 64 * 1024) { request in … }
///
/// Routes behind a guard (an API key, a session) are added as a group: see `RouteGroup`.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    public struct Route: Sendable {
        public let method: HTTPMethod
        public let pattern: String
        /// The largest body this route accepts; a larger declared body gets 413 before it is read.
        public let bodyLimit: Int?
        /// Overrides the server's handler timeout for a slow route (e.g. a streamed sync).
        public let timeout: Duration?
        public let handler: Handler
        let segments: [Segment]
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)

        /// How specific: a literal names one segment, a parameter any one, `*` any number.
        var rank: Int {
            switch self {
            case .literal: 2
            case .parameter: 1
            case .rest: 0
            }
        }
    }

    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        /// The path exists for other methods; `allow` lists them for the `Allow` header.
        case methodNotAllowed(allow: [HTTPMethod])
        /// OPTIONS for a path that exists (or for `*`, the server as a whole) with no OPTIONS
        /// route of its own: the router answers 204 with `Allow` (RFC 9110 §9.3.7).
        case options(allow: [HTTPMethod])
        case notFound
    }

    public private(set) var routes: [Route] = [] {
        didSet { reindex() }
    }
    /// Route positions by first literal segment; routes starting with a parameter or `*` are
    /// in `wildcardFirst`. Matching looks at a handful of routes instead of all of them.
    private var byFirstSegment: [String: [Int]] = [:]
    private var wildcardFirst: [Int] = []
    /// Routes made only of literal segments, by their exact path (`/healthz`): the common case
    /// needs no splitting at all.
    private var byLiteralPath: [String: [Int]] = [:]
    /// Per route: whether a more specific pattern could also bind some of its paths. A match on a
    /// route without one is final; the others need the whole candidate list looked at.
    private var mayBeOutranked: [Bool] = []

    /// How 404 and 405 answers look under a path prefix (e.g. JSON under `/api/`); plain text elsewhere.
    public typealias ErrorRenderer = @Sendable (HTTPError) -> HTTPResponse
    private var errorRenderers: [(prefix: String, render: ErrorRenderer)] = []

    public init() {}

    /// Renders the router's own 404 and 405 answers for paths under `prefix` with `render`.
    public mutating func renderErrors(under prefix: String, _ render: @escaping ErrorRenderer) {
        errorRenderers.append((prefix, render))
    }

    /// The response for an error the router itself produces (no route, wrong method).
    public func errorResponse(_ error: HTTPError, path: String) -> HTTPResponse {
        errorRenderers.last { path.hasPrefix($0.prefix) }.map { $0.render(error) } ?? error.response
    }

    /// The router's own answer to a request no route handles: 404, 405 with `Allow`, or 204 with
    /// `Allow` for OPTIONS. Nil when a route was found.
    public func unroutedResponse(_ match: Match, path: String) -> HTTPResponse? {
        switch match {
        case .found:
            return nil
        case .notFound:
            return errorResponse(HTTPError(.notFound), path: path)
        case .methodNotAllowed(let allow):
            return errorResponse(HTTPError(.methodNotAllowed, headers: ["Allow": Self.allowHeader(allow)]), path: path)
        case .options(let allow):
            var response = HTTPResponse(status: .noContent)
            response.headers["Allow"] = Self.allowHeader(allow)
            return response
        }
    }

    private static func allowHeader(_ methods: [HTTPMethod]) -> String { methods.map(\.rawValue).joined(separator: ", ") }

    private mutating func reindex() {
        byFirstSegment = [:]
        wildcardFirst = []
        byLiteralPath = [:]
        for (position, route) in routes.enumerated() {
            let literals = route.segments.compactMap { segment -> String? in
                if case .literal(let literal) = segment { return literal }
                return nil
            }
            // An all-literal pattern is the most specific there is for its path.
            if literals.count == route.segments.count {
                byLiteralPath["/" + literals.joined(separator: "/"), default: []].append(position)
            }
            if case .literal(let first) = route.segments.first {
                byFirstSegment[first, default: []].append(position)
            } else {
                wildcardFirst.append(position)
            }
        }
        mayBeOutranked = routes.map { route in
            let rivals: [Int] = if case .literal(let first) = route.segments.first {
                (byFirstSegment[first] ?? []) + wildcardFirst
            } else {
                Array(routes.indices)
            }
            return rivals.contains { Router.outranks(routes[$0].segments, route.segments) && Router.overlap(routes[$0].segments, route.segments) }
        }
    }

    /// Whether `pattern` is more specific than `other`: at the first segment where their kinds
    /// differ, literal > parameter > rest; a longer pattern beats its prefix ending in `*`.
    static func outranks(_ pattern: [Segment], _ other: [Segment]) -> Bool {
        for (mine, theirs) in zip(pattern, other) where mine.rank != theirs.rank { return mine.rank > theirs.rank }
        return false
    }

    /// Whether some path could bind both patterns.
    static func overlap(_ first: [Segment], _ second: [Segment]) -> Bool {
        for index in 0..<max(first.count, second.count) {
            guard index < first.count, index < second.count else { return false }
            switch (first[index], second[index]) {
            case (.rest, _), (_, .rest): return true
            case (.literal(let a), .literal(let b)) where a != b: return false
            default: continue
            }
        }
        return true
    }

    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, timeout: Duration? = nil,
        _ handler: @escaping Handler
    ) {
        let segments = Router.segments(of: pattern).map { part -> Segment in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(part.count > 1 ? String(part.dropFirst()) : "*") }
            return .literal(part)
        }
        routes.append(Route(method: method, pattern: pattern, bodyLimit: bodyLimit, timeout: timeout,
                            handler: handler, segments: segments))
    }

    public mutating func get(_ pattern: String, timeout: Duration? = nil, _ handler: @escaping Handler) {
        add(.get, pattern, timeout: timeout, handler)
    }

    public mutating func post(_ pattern: String, bodyLimit: Int? = nil, timeout: Duration? = nil, _ handler: @escaping Handler) {
        add(.post, pattern, bodyLimit: bodyLimit, timeout: timeout, handler)
    }

    public mutating func put(_ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping Handler) {
        add(.put, pattern, bodyLimit: bodyLimit, handler)
    }

    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) {
        add(.delete, pattern, handler)
    }

    /// Adds every route of `other`, e.g. a feature's own router.
    public mutating func merge(_ other: Router) {
        routes += other.routes
        errorRenderers += other.errorRenderers
    }

    /// The same routes, and the same error renderers, with each handler replaced by
    /// `transform(route)`: e.g. to answer 503 while the application behind them loads.
    public func mapHandlers(_ transform: (Route) -> Handler) -> Router {
        var mapped = self
        mapped.routes = routes.map { route in
            Route(method: route.method, pattern: route.pattern, bodyLimit: route.bodyLimit, timeout: route.timeout,
                  handler: transform(route), segments: route.segments)
        }
        return mapped
    }

    /// Finds the route for a path as a request would carry it (split, then decoded, as
    /// `HTTPRequest` does); a path that is not a valid request path matches nothing.
    public func match(_ method: HTTPMethod, path: String) -> Match {
        guard let parts = try? RequestTarget.parse(path) else { return .notFound }
        return match(method, path: parts.path, segments: parts.segments)
    }

    /// Finds the route for a request's normal-form path and decoded segments. HEAD is served by
    /// the GET route (RFC 9110 §9.3.2).
    public func match(_ method: HTTPMethod, path: String, segments parts: [String]) -> Match {
        // An exact literal route for this method wins outright: nothing is more specific.
        // Keyed by the normal form, which equals a literal path exactly when its segments do.
        if let positions = byLiteralPath[path], let first = positions.first(where: { routes[$0].method == method }) {
            return .found(routes[first], parameters: [:])
        }
        var allowed: [HTTPMethod] = []
        // Parameters are bound only for the route that wins: candidates are decided on segments.
        var found: Route?
        var headFallback: Route?
        var owner: [Segment]?
        let candidates = parts.first.flatMap { byFirstSegment[$0] } ?? wildcardFirst
        for position in candidates {
            guard Router.matches(routes[position].segments, parts) else { continue }
            let route = routes[position]
            if let current = owner {
                if Router.outranks(current, route.segments) { continue }
                if Router.outranks(route.segments, current) {
                    // A more specific pattern: what the less specific ones offered does not count.
                    allowed = []
                    found = nil
                    headFallback = nil
                    owner = route.segments
                }
            } else {
                owner = route.segments
            }
            if route.method == method {
                if !mayBeOutranked[position], found == nil { return .found(route, parameters: Router.bind(route.segments, to: parts) ?? [:]) }
                if found == nil { found = route }
                continue
            }
            if method == .head, route.method == .get, headFallback == nil { headFallback = route }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let route = found ?? headFallback { return .found(route, parameters: Router.bind(route.segments, to: parts) ?? [:]) }
        if path == "*", method == .options {
            for route in routes where !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains(.get), !allowed.contains(.head) { allowed.insert(.head, at: allowed.firstIndex(of: .get)! + 1) }
        if method == .options {
            allowed.append(.options)
            return .options(allow: allowed)
        }
        return .methodNotAllowed(allow: allowed)
    }

    /// Answers a request directly, without sockets: what route-level tests call.
    public func respond(to request: HTTPRequest, logger: Logger? = nil) async -> HTTPResponse {
        var request = request
        switch match(request.method, path: request.path, segments: request.pathSegments) {
        case .found(let route, let parameters):
            request.pathParameters = parameters
            return await route.run(request, logger: logger)
        case let match:
            return unroutedResponse(match, path: request.path)!
        }
    }

    /// The non-empty segments between slashes of a route pattern, split on bytes.
    static func segments(of path: String) -> [String] {
        var parts: [String] = []
        let utf8 = path.utf8
        var start: String.Index?
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                if let segmentStart = start { parts.append(String(path[segmentStart..<index])) }
                start = nil
            } else if start == nil {
                start = index
            }
            utf8.formIndex(after: &index)
        }
        if let segmentStart = start { parts.append(String(path[segmentStart...])) }
        return parts
    }

    static func bind(_ pattern: [Segment], to parts: [String]) -> [String: String]? {
        // Most candidates fail on a literal or their length: decided before the dictionary,
        // which allocates as soon as it holds anything, is built.
        guard matches(pattern, parts) else { return nil }
        var parameters: [String: String] = [:]
        for (index, segment) in pattern.enumerated() {
            switch segment {
            case .rest(let name):
                // The decoded segments rejoined: for display, not to be split again.
                parameters[name] = parts[min(index, parts.count)...].joined(separator: "/")
                return parameters
            case .literal:
                continue
            case .parameter(let name):
                parameters[name] = parts[index]
            }
        }
        return parameters
    }

    /// Whether `parts` fits `pattern`: literals equal, parameters non-empty, `*` taking the rest.
    static func matches(_ pattern: [Segment], _ parts: [String]) -> Bool {
        if case .rest = pattern.last {} else if pattern.count != parts.count { return false }
        for (index, segment) in pattern.enumerated() {
            switch segment {
            case .rest:
                return true
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return false }
            case .parameter:
                guard index < parts.count, !parts[index].isEmpty else { return false }
            }
        }
        return true
    }
}
