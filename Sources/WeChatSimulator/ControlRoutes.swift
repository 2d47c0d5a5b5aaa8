import Foundation
import HTTPServer

/// The simulator's own JSON control API under `/simulator/`, for tests, the demo and
/// benchmarks. Errors are `{"error":"…"}` with 400, 404 (unknown account) or 409 (not authorized).
extension WeChatSimulator {
    func controlRoutes() -> Router {
        var r = Router()
        r.get("/simulator/counters") { [self] _ in Self.control(.object(counters().sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })) }
        r.post("/simulator/counters/reset") { [self] _ in resetCounters(); return Self.control(.ok) }
        r.get("/simulator/faults") { [self] _ in Self.control(.object(pendingFaults.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })) }
        r.post("/simulator/faults") { [self] in try injectFault($0) }
        r.delete("/simulator/faults") { [self] _ in clearFaults(); return Self.control(.ok) }
        r.post("/simulator/latency") { [self] in try setLatency($0) }
        r.get("/simulator/clock") { [self] _ in clockJSON() }
        r.post("/simulator/clock/advance") { [self] in try advanceClock($0) }
        r.post("/simulator/tickets/push") { [self] _ in Self.control(Self.json(await pushTicket())) }
        r.post("/simulator/tickets/issue") { [self] _ in Self.control(.object([("ticket", .string(issueTicket()))])) }
        r.post("/simulator/accounts/bulk", timeout: .seconds(120)) { [self] in try bulkCreate($0) }
        r.post("/simulator/accounts/:appid/authorize") { [self] in try await authorize($0) }
        r.post("/simulator/accounts/:appid/revoke") { [self] in try await revoke($0) }
        r.post("/simulator/accounts/:appid/permissions") { [self] in try await updatePermissions($0) }
        r.get("/simulator/accounts/:appid/authorization") { [self] in authorizationJSON($0) }
        r.post("/simulator/full-release-check", timeout: .seconds(120)) { [self] in try await fullReleaseCheck($0) }
        r.get("/simulator/pushes") { [self] _ in Self.control(.array(pushDeliveries().map(Self.json))) }
        r.get("/simulator/messages") { [self] _ in Self.control(.array(customMessages().map(Self.json))) }
        r.post("/simulator/recordings/clear") { [self] _ in clearRecordings(); return Self.control(.ok) }
        r.post("/simulator/settings") { [self] in try settings($0) }
        return r
    }

    /// Body (all optional): `{"group": 1…5, "kinds": ["official_account", "mini_program"], "push_authorized": true}`.
    private func fullReleaseCheck(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        var options = FullReleaseOptions()
        if let group = body.int("group") {
            guard (1...SimulatedAccount.fullReleaseGroups.count).contains(group) else { return Self.controlError("group must be 1 to 5") }
            options.group = group
        }
        if let kinds = body.strings("kinds") {
            let parsed = kinds.compactMap(SimulatedAccount.Kind.init(rawValue:))
            guard parsed.count == kinds.count, !parsed.isEmpty else {
                return Self.controlError("kinds must list official_account and/or mini_program")
            }
            options.kinds = parsed
        }
        if let push = body.bool("push_authorized") { options.pushAuthorized = push }
        return Self.control(await runFullReleaseCheck(options).json)
    }

    private func injectFault(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        guard let endpoint = body.string("endpoint"), !endpoint.isEmpty else { return Self.controlError("endpoint is required") }
        let fault: InjectedFault
        if let errcode = body.int("errcode") {
            fault = body.string("errmsg").map { .errcode(errcode, errmsg: $0) } ?? .errcode(errcode)
        } else if let status = body.int("http_status"), (100...599).contains(status) {
            fault = .httpStatus(status)
        } else if let milliseconds = body.int("delay_ms"), milliseconds >= 0 {
            fault = .delay(TimeInterval(milliseconds) / 1000)
        } else if body.bool("malformed") == true {
            fault = .malformedJSON
        } else {
            return Self.controlError("one of errcode, http_status, delay_ms or malformed:true is required")
        }
        injectFault(fault, endpoint: endpoint, count: body.int("count") ?? 1)
        return Self.control(.ok)
    }

    private func setLatency(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let milliseconds = try Self.controlBody(request).int("ms"), milliseconds >= 0 else {
            return Self.controlError("ms (milliseconds, 0 or more) is required")
        }
        setLatency(TimeInterval(milliseconds) / 1000)
        return Self.control(.ok)
    }

    private func advanceClock(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let seconds = try Self.controlBody(request).int("seconds") else { return Self.controlError("seconds is required") }
        advanceClock(by: TimeInterval(seconds))
        return clockJSON()
    }

    private func clockJSON() -> HTTPResponse {
        Self.control(.object([("now", .int(Int(clock.now().timeIntervalSince1970))), ("offset", .int(Int(clock.currentOffset)))]))
    }

    private func bulkCreate(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        guard let count = body.int("count"), (1...1_000_000).contains(count) else {
            return Self.controlError("count (1…1,000,000) is required")
        }
        var kind = SimulatedAccount.Kind.officialAccount
        if let raw = body.string("kind") {
            guard let parsed = SimulatedAccount.Kind(rawValue: raw) else { return Self.controlError("kind must be official_account or mini_program") }
            kind = parsed
        }
        let made = bulkCreateAccounts(count: count, authorize: body.bool("authorize") ?? false, kind: kind)
        return Self.control(.object([
            ("created", .int(made.created)), ("first_appid", made.firstAppID.map(JSONValue.string) ?? .null),
            ("last_appid", made.lastAppID.map(JSONValue.string) ?? .null), ("authorized", .bool(made.authorized)),
        ]))
    }

    private func authorize(_ request: HTTPRequest) async throws -> HTTPResponse {
        let funcIDs = try Self.controlBody(request).ints("func_ids")
        do {
            return Self.control(Self.json(try await authorize(appID: request.pathParameters["appid"] ?? "", funcIDs: funcIDs)))
        } catch {
            return Self.controlError(error)
        }
    }

    private func updatePermissions(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let funcIDs = try Self.controlBody(request).ints("func_ids"), !funcIDs.isEmpty else {
            return Self.controlError("func_ids (a non-empty list) is required")
        }
        do {
            return Self.control(Self.json(try await updatePermissions(appID: request.pathParameters["appid"] ?? "", funcIDs: funcIDs)))
        } catch {
            return Self.controlError(error)
        }
    }

    private func revoke(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            let deliveries = try await revoke(appID: request.pathParameters["appid"] ?? "")
            return Self.control(.object([("delivered", .bool(deliveries.last?.succeeded == true)),
                                         ("attempts", .array(deliveries.map(Self.json)))]))
        } catch {
            return Self.controlError(error)
        }
    }

    private func authorizationJSON(_ request: HTTPRequest) -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        guard let authorization = authorization(of: appID) else { return Self.controlError(.notAuthorized(appID)) }
        return Self.control(.object([
            ("authorizer_appid", .string(appID)), ("active", .bool(authorization.isActive)),
            ("func_ids", .array(authorization.funcIDs.map(JSONValue.int))),
            ("refresh_token", .string(authorization.refreshToken)),
            ("auth_time", .int(Int(authorization.authTime.timeIntervalSince1970))),
            ("latest_access_token", latestAuthorizerToken(of: appID).map(JSONValue.string) ?? .null),
        ]))
    }

    private func settings(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        if let rotate = body.bool("rotate_refresh_tokens") { setRotateRefreshTokens(rotate) }
        if let done = body.bool("full_release_done") { setFullReleaseDone(done) }
        let (rotate, done) = state.withLock { ($0.settings.rotateRefreshTokens, $0.settings.fullReleaseDone) }
        return Self.control(.object([("rotate_refresh_tokens", .bool(rotate)), ("full_release_done", .bool(done))]))
    }

    // MARK: JSON

    static func control(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: value.data)
    }

    static func controlError(_ message: String, status: HTTPStatus = .badRequest) -> HTTPResponse {
        control(.object([("error", .string(message))]), status: status)
    }

    static func controlError(_ error: SimulatorError) -> HTTPResponse {
        let status: HTTPStatus = switch error {
        case .unknownAccount, .unknownUser: .notFound
        case .notAuthorized, .notOnTestList, .notMiniProgram, .notAuditing: .conflict
        case .invalidConfiguration: .badRequest
        }
        return controlError(error.description, status: status)
    }

    /// An empty body reads as `{}`; anything else must be a JSON object (400).
    static func controlBody(_ request: HTTPRequest) throws(HTTPError) -> JSONRequestBody {
        guard !request.body.isEmpty else { return JSONRequestBody(members: [:]) }
        do { return try JSONRequestBody(request.body) } catch { throw HTTPError(.badRequest, "The body must be a JSON object.") }
    }

    static func json(_ push: TicketPush) -> JSONValue {
        .object([("ticket", .string(push.ticket)), ("issued_at", .int(Int(push.issuedAt.timeIntervalSince1970))),
                 ("delivered", .bool(push.delivered)), ("attempts", .array(push.deliveries.map(json)))])
    }

    static func json(_ grant: AuthorizationGrant) -> JSONValue {
        .object([
            ("authorizer_appid", .string(grant.appID)), ("authorization_code", .string(grant.authorizationCode)),
            ("expires_at", .int(Int(grant.expiresAt.timeIntervalSince1970))), ("info_type", .string(grant.infoType)),
            ("pre_auth_code", .string(grant.preAuthCode)), ("delivered", .bool(grant.deliveries.last?.succeeded == true)),
            ("attempts", .array(grant.deliveries.map(json))),
        ])
    }

    static func json(_ delivery: PushDelivery) -> JSONValue {
        .object([
            ("sequence", .int(delivery.sequence)), ("info_type", .string(delivery.infoType)), ("path", .string(delivery.path)),
            ("attempt", .int(delivery.attempt)), ("http_status", delivery.httpStatus.map(JSONValue.int) ?? .null),
            ("response_body", .string(delivery.responseBody)), ("failure", delivery.failure.map(JSONValue.string) ?? .null),
            ("succeeded", .bool(delivery.succeeded)), ("plaintext", .string(delivery.plaintext)),
            ("time", .int(Int(delivery.time.timeIntervalSince1970))),
        ])
    }

    static func json(_ message: CustomMessage) -> JSONValue {
        .object([
            ("authorizer_appid", .string(message.authorizerAppID)), ("touser", .string(message.toUser)),
            ("msgtype", .string(message.msgType)), ("content", message.content.map(JSONValue.string) ?? .null),
            ("body", .string(message.body)), ("time", .int(Int(message.time.timeIntervalSince1970))),
        ])
    }
}
