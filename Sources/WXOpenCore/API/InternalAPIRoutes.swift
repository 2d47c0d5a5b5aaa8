import Foundation
import HTTPServer
import WeChat

/// The internal API for the platform's other services (the "central token server"): JSON,
/// `Authorization: Bearer KEY`, one error shape.
struct InternalAPIRoutes: Sendable {
    let platform: Platform
    let tokens: AuthorizerTokenManager
    let sync: SyncService
    let apiKeys: APIKeyGuard
    let forcedRefreshes = ForcedRefreshLimiter()

    func add(to router: inout Router) {
        router.renderErrors(under: "/api/") { error in
            switch error.status {
            case .notFound: APIResponse.error(error.status, code: "not_found", message: "no such API endpoint", headers: error.headers)
            case .methodNotAllowed:
                APIResponse.error(error.status, code: "method_not_allowed", message: "method not allowed here", headers: error.headers)
            case .contentTooLarge:
                APIResponse.error(error.status, code: "body_too_large", message: "the body is larger than this endpoint takes",
                                  headers: error.headers)
            case .requestTimeout: APIResponse.error(error.status, code: "request_timeout", message: error.message, headers: error.headers)
            default: APIResponse.error(error.status, code: "bad_request", message: error.message, headers: error.headers)
            }
        }
        router.group("/api/v1", guardedBy: apiKeys) { api in
            api.get("/authorizers", list)
            api.get("/authorizers/:appid", one)
            api.get("/authorizers/:appid/access-token", accessToken)
            api.post("/authorizers/:appid/access-token/refresh", bodyLimit: 4096, refresh)
            api.get("/component/access-token", componentToken)
            api.post("/component/access-token/refresh", bodyLimit: 4096, refreshComponentToken)
            api.get("/authorizers/:appid/options/:name", option)
            api.put("/authorizers/:appid/options/:name", bodyLimit: 4096, setOption)
            api.get("/sync", syncStatus)
            api.post("/authorizers/sync", bodyLimit: 1024, timeout: .seconds(3600), startSync)
        }
    }

    /// `{"authorizers": […], "next_cursor": "…" or null on the last page, "total": N}`, by hand.
    static func pageJSON(_ page: AuthorizerPage) -> JSONObjectBuilder {
        var json = JSONObjectBuilder(capacity: 1024 * (page.authorizers.count + 1))
        json.add("authorizers", page.authorizers.map { AuthorizerJSON($0).object })
        if let cursor = page.nextCursor { json.add("next_cursor", cursor) } else { json.addNull("next_cursor") }
        json.add("total", page.totalMatching)
        return json
    }

    private func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        // A filter that is present must be valid, empty included: `status=` is a mistake to be
        // told about, not a request for everything.
        var query = AuthorizerQuery()
        if let raw = request.query["status"] {
            guard let status = AuthorizerStatus(rawValue: raw) else {
                throw HTTPError(.badRequest, "status must be authorized, revoked or needs-reauthorization")
            }
            query.status = status
        }
        if let raw = request.query["type"] {
            guard let type = AccountType(rawValue: raw), type != .unknown else {
                throw HTTPError(.badRequest, "type must be official_account or mini_program")
            }
            query.type = type
        }
        query.search = request.query["q"].flatMap { $0.isEmpty ? nil : $0 }
        if let raw = request.query["limit"] {
            guard let limit = Int(raw), (1...500).contains(limit) else { throw HTTPError(.badRequest, "limit must be between 1 and 500") }
            query.limit = limit
        }
        query.cursor = request.query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
        return Self.jsonResponse(Self.pageJSON(try await platform.store.listAuthorizers(query)))
    }

    private func one(_ request: HTTPRequest) async throws -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        guard let record = try await platform.store.authorizer(appID: appID) else { throw PlatformError.unknownAuthorizer(appID: appID) }
        return Self.jsonResponse(AuthorizerJSON(record).object)
    }

    /// `{"authorizer_appid", "access_token", "expires_at", "expires_in"}`, written by hand: this is
    /// the endpoint every other service calls all day.
    private func tokenJSON(_ record: AuthorizerRecord, for caller: APIKeyGuard.Caller) throws -> HTTPResponse {
        guard let token = record.accessToken, let expiresAt = record.accessTokenExpiresAt else {
            throw PlatformError.missingRefreshToken(appID: record.appID)
        }
        var json = JSONObjectBuilder()
        json.add("authorizer_appid", record.appID)
        json.add("access_token", token)
        json.add("expires_at", expiresAt)
        let now = platform.clock.now()
        json.add("expires_in", Int(expiresAt.timeIntervalSince(now)))
        return attributed(Self.jsonResponse(json), to: caller, subject: ("authorizer_appid", record.appID), at: now)
    }

    /// Every token handed out names the key that asked: in its access-log line, in `/metrics`,
    /// and in the console's "read recently by". Never the token.
    private func attributed(_ response: HTTPResponse, to caller: APIKeyGuard.Caller, subject: (String, String), at now: Date) -> HTTPResponse {
        var response = response
        response.logFields = [("api_key", caller.keyName), subject]
        platform.tokenReads.record(appID: subject.1, key: caller.keyName, at: now)
        return response
    }

    /// 200 with `json`, not cached (what `APIResponse.json` answers).
    static func jsonResponse(_ json: JSONObjectBuilder) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: jsonHeaders, body: json.data)
    }

    private static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"]

    private func accessToken(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        try tokenJSON(try await tokens.accessToken(appID: request.pathParameters["appid"] ?? ""), for: caller)
    }

    private func refresh(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        switch try RefreshRequest.parse(request.body) {
        case .ifCurrent(let invalid):
            return try tokenJSON(try await tokens.refresh(appID: appID, ifCurrent: invalid), for: caller)
        case .force:
            // Unknown accounts are refused before they take a place in the limiter's table.
            guard try await platform.store.authorizer(appID: appID) != nil else { throw PlatformError.unknownAuthorizer(appID: appID) }
            try allowForcedRefresh(request, caller, key: appID, subject: ("authorizer_appid", appID))
            return try tokenJSON(try await tokens.refresh(appID: appID), for: caller)
        }
    }

    /// At most one forced refresh per account per `ForcedRefreshLimiter.interval`, each logged
    /// with the name of the key that asked; otherwise 429 with `Retry-After`.
    private func allowForcedRefresh(_ request: HTTPRequest, _ caller: APIKeyGuard.Caller, key: String,
                                    subject: (String, String)) throws {
        let (allowed, retryAfter) = forcedRefreshes.allow(key, now: platform.clock.now())
        platform.logger.warning("api_forced_refresh", ["request_id": request.requestID, "key": caller.keyName, subject.0: subject.1,
                                                       "outcome": allowed ? "refreshing" : "rate_limited"])
        guard allowed else {
            throw HTTPError(.tooManyRequests, "a forced refresh was done less than \(Int(ForcedRefreshLimiter.interval)) s ago; "
                            + "retry after \(retryAfter) s, or send {\"invalid_token\": …} when WeChat rejected a token",
                            headers: ["Retry-After": String(retryAfter)])
        }
    }

    private func componentToken(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        try await componentTokenResponse(platform.componentTokens.token(), for: caller)
    }

    private func refreshComponentToken(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        let tokens = platform.componentTokens
        switch try RefreshRequest.parse(request.body) {
        case .ifCurrent(let invalid):
            return try await componentTokenResponse(tokens.replace(failed: invalid), for: caller)
        case .force:
            try allowForcedRefresh(request, caller, key: "component", subject: ("component_appid", platform.componentAppID))
            return try await componentTokenResponse(tokens.forceRefresh(), for: caller)
        }
    }

    private func componentTokenResponse(_ token: StoredComponentToken, for caller: APIKeyGuard.Caller) -> HTTPResponse {
        var json = JSONObjectBuilder()
        json.add("component_appid", token.componentAppID)
        json.add("access_token", token.token)
        json.add("expires_at", token.expiresAt)
        let now = platform.clock.now()
        json.add("expires_in", Int(token.expiresAt.timeIntervalSince(now)))
        return attributed(Self.jsonResponse(json), to: caller, subject: ("component_appid", token.componentAppID), at: now)
    }

    /// The old option API (component token); values as WeChat defines them.
    static let options: [String: Set<String>] = [
        "location_report": ["0", "1", "2"], "voice_recognize": ["0", "1"], "customer_service": ["0", "1"],
    ]

    struct OptionJSON: Encodable {
        var authorizerAppID: String
        var optionName: String
        var optionValue: String
        enum CodingKeys: String, CodingKey { case authorizerAppID = "authorizer_appid", optionName = "option_name", optionValue = "option_value" }
    }

    /// `{"option_value": "1"}` or `{"option_value": 1}`; JSONDecoder, unlike JSONSerialization's
    /// NSNumber, does not take `false` for 0.
    struct OptionValue: Decodable {
        var text: String
        enum CodingKeys: String, CodingKey { case optionValue = "option_value" }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let number = try? container.decode(Int.self, forKey: .optionValue) {
                text = String(number)
            } else {
                text = try container.decode(String.self, forKey: .optionValue)
            }
        }
    }

    private func option(_ request: HTTPRequest) async throws -> HTTPResponse { try await optionResponse(request, set: false) }

    private func setOption(_ request: HTTPRequest) async throws -> HTTPResponse { try await optionResponse(request, set: true) }

    private func optionResponse(_ request: HTTPRequest, set: Bool) async throws -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? "", name = request.pathParameters["name"] ?? ""
        guard let allowed = Self.options[name] else {
            // The name came from the path: the message lists what exists instead of repeating it.
            throw HTTPError(.notFound, "no such option; known: \(Self.options.keys.sorted().joined(separator: ", "))")
        }
        _ = try await platform.authorizedAccount(appID)
        let calls = AuthorizerOptionCalls(platform: platform, tokens: tokens)
        if set {
            let value = try? JSONDecoder().decode(OptionValue.self, from: request.body).text
            guard let value, allowed.contains(value) else {
                throw HTTPError(.badRequest, "option_value for \(name) must be one of \(allowed.sorted().joined(separator: ", "))")
            }
            try await calls.set(appID: appID, name: name, value: value)
            await platform.events.record("authorizer.option_set", appID: appID, "\(name) = \(value)")
            return APIResponse.json(OptionJSON(authorizerAppID: appID, optionName: name, optionValue: value))
        }
        let value = try await calls.value(appID: appID, name: name)
        return APIResponse.json(OptionJSON(authorizerAppID: appID, optionName: name, optionValue: value))
    }

    private func syncStatus(_ request: HTTPRequest) async -> HTTPResponse { APIResponse.json(await sync.current()) }

    /// Starts a sync (or joins the running one). With `?stream=1` the response is NDJSON: one
    /// progress line a second until the run ends.
    private func startSync(_ request: HTTPRequest) async throws -> HTTPResponse {
        let stream = request.query["stream"] ?? "0"
        // Strict, so that a typo (`stream=yes`) is told, not silently answered without progress.
        guard ["0", "1"].contains(stream) else { throw HTTPError(.badRequest, "stream must be 1 (NDJSON progress) or 0") }
        let status = await sync.start()
        guard stream == "1" else { return APIResponse.json(status, status: .accepted) }
        let sync = sync
        return HTTPResponse.stream(headers: ["Content-Type": "application/x-ndjson", "Cache-Control": "no-store"]) { writer in
            while true {
                let current = await sync.current()
                try await writer.write(try APIResponse.encoder.encode(current) + Data("\n".utf8))
                if current.state != .running { return }
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
