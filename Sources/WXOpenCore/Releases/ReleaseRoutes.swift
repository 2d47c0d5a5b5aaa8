import Foundation
import HTTPServer
import WeChat

/// Mini program releases on the internal API (API key):
///
/// - `GET /api/v1/mini-program/templates` (`?template_type=0|1`), `GET …/templates/drafts`,
///   `POST …/templates` `{"draft_id", "template_type"}` (a draft into the library),
///   `DELETE …/templates/{template_id}`.
/// - `POST /api/v1/mini-program/releases` (`RolloutRequest`) → 202 `{"id", …}`; `GET …/releases`;
///   `GET …/releases/{id}`; `POST …/{id}/pause`, `…/resume`, `…/release`, `…/accounts/{appid}/retry`.
struct ReleaseRoutes: Sendable {
    let releases: ReleaseService
    let apiKeys: APIKeyGuard

    /// An ext_json, a list of 10,000 appids and domains fit with room to spare.
    static let bodyLimit = 1 << 20

    func add(to router: inout Router) {
        router.group("/api/v1/mini-program", guardedBy: apiKeys) { api in
            api.get("/templates", templates)
            api.get("/templates/drafts", drafts)
            api.post("/templates", bodyLimit: 4096, addTemplate)
            api.delete("/templates/:id", deleteTemplate)
            api.post("/releases", bodyLimit: Self.bodyLimit, timeout: .seconds(300), start)
            api.get("/releases", list)
            api.get("/releases/:id", detail)
            api.post("/releases/:id/pause", bodyLimit: 4096, pause)
            api.post("/releases/:id/resume", bodyLimit: 4096, resume)
            api.post("/releases/:id/release", bodyLimit: 4096, release)
            api.post("/releases/:id/accounts/:appid/retry", bodyLimit: 4096, retry)
        }
    }

    private func templates(_ request: HTTPRequest) async throws -> HTTPResponse {
        var type: Int?
        if let raw = request.query["template_type"] {
            guard let parsed = Int(raw), parsed == 0 || parsed == 1 else { throw HTTPError(.badRequest, "template_type must be 0 or 1") }
            type = parsed
        }
        let templates = try await releases.templates().filter { type == nil || $0.templateType == type }
        return APIResponse.json(["templates": JSONBody.array(templates.map { template in
            var item = Self.version(template.userVersion, template.userDesc, createTime: template.createTime)
            item["template_id"] = .int(template.templateID)
            item["template_type"] = .int(template.templateType)
            if let draftID = template.draftID { item["draft_id"] = .int(draftID) }
            return .object(item)
        })])
    }

    private func drafts(_ request: HTTPRequest) async throws -> HTTPResponse {
        APIResponse.json(["drafts": JSONBody.array(try await releases.drafts().map { draft in
            var item = Self.version(draft.userVersion, draft.userDesc, createTime: draft.createTime)
            item["draft_id"] = .int(draft.draftID)
            return .object(item)
        })])
    }

    /// What templates and drafts both show: `user_version`, `user_desc` and `created_at` (from
    /// WeChat's Unix seconds).
    private static func version(_ userVersion: String, _ userDesc: String, createTime: Int) -> [String: JSONBody] {
        ["user_version": .string(userVersion), "user_desc": .string(userDesc),
         "created_at": .string(APIResponse.timestamp(Date(timeIntervalSince1970: TimeInterval(createTime))))]
    }

    private func addTemplate(_ request: HTTPRequest) async throws -> HTTPResponse {
        let usage = #"the body must be {"draft_id": N} (and "template_type": 0 or 1), N from GET /api/v1/mini-program/templates/drafts"#
        // Strict: an unknown member or a fractional id is refused, not ignored or truncated.
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: request.body), case .object(let fields) = root,
              fields.keys.allSatisfy({ $0 == "draft_id" || $0 == "template_type" }),
              case .number(let draft)? = fields["draft_id"], draft == draft.rounded(), draft >= 0, draft < 1e12 else {
            throw HTTPError(.badRequest, usage)
        }
        let draftID = Int(draft)
        var type = 0
        if let value = fields["template_type"] {
            guard case .number(let number) = value, number == 0 || number == 1 else {
                throw HTTPError(.badRequest, "template_type must be 0 (ordinary) or 1 (standard)")
            }
            type = Int(number)
        }
        try await releases.addToTemplates(draftID: draftID, templateType: type)
        return APIResponse.json(["draft_id": draftID, "template_type": type], status: .created)
    }

    private func deleteTemplate(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let id = request.pathParameters["id"].flatMap({ Int($0) }), id >= 0 else { throw HTTPError(.notFound, "no such template") }
        try await releases.deleteTemplate(id)
        return APIResponse.json(["template_id": id, "deleted": 1])
    }

    private func start(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        let started = try await releases.start(try RolloutRequest.parse(request.body), by: "api key " + caller.keyName)
        let json: [String: JSONBody] = [
            "id": .string(started.rollout.id), "state": .string(started.rollout.state.rawValue), "accounts": .int(started.rollout.accountCount),
            "skipped_official_accounts": .int(started.skippedOfficialAccounts), "skipped_unknown_kind": .int(started.skippedUnknown),
        ]
        return APIResponse.json(json, status: .accepted)
    }

    /// Newest first, at most `limit` (default 50).
    private func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        var limit = 50
        if let raw = request.query["limit"] {
            guard let parsed = Int(raw), (1...500).contains(parsed) else { throw HTTPError(.badRequest, "limit must be between 1 and 500") }
            limit = parsed
        }
        var summaries: [ReleaseJSON.Summary] = []
        for rollout in try await releases.store.rollouts().reversed().prefix(limit) {
            summaries.append(ReleaseJSON.Summary(rollout.value, accounts: try await releases.store.accounts(of: rollout.value.id).map(\.value)))
        }
        return APIResponse.json(["releases": summaries])
    }

    private func detail(_ request: HTTPRequest) async throws -> HTTPResponse {
        let rollout = try await releases.rollout(request.pathParameters["id"] ?? "")
        let accounts = try await releases.store.accounts(of: rollout.id).map(\.value)
        return APIResponse.json(ReleaseJSON.Detail(summary: ReleaseJSON.Summary(rollout, accounts: accounts),
                                                   extJSON: ReleaseJSON.extJSON(rollout), accounts: accounts.map(ReleaseJSON.Account.init)))
    }

    private func pause(_ request: HTTPRequest, caller: APIKeyGuard.Caller) async throws -> HTTPResponse {
        let rollout = try await releases.pause(request.pathParameters["id"] ?? "", reason: "paused by api key " + caller.keyName)
        return try await detailResponse(rollout.id)
    }

    private func resume(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await detailResponse(try await releases.resume(request.pathParameters["id"] ?? "").id)
    }

    private func release(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        struct Marked: Encodable { var id: String; var releasing: Int }
        return APIResponse.json(Marked(id: id, releasing: try await releases.releaseApproved(id)))
    }

    private func retry(_ request: HTTPRequest) async throws -> HTTPResponse {
        let account = try await releases.retry(request.pathParameters["id"] ?? "", appID: request.pathParameters["appid"] ?? "")
        return APIResponse.json(ReleaseJSON.Account(account))
    }

    private func detailResponse(_ id: String) async throws -> HTTPResponse {
        let rollout = try await releases.rollout(id)
        let accounts = try await releases.store.accounts(of: id).map(\.value)
        return APIResponse.json(ReleaseJSON.Summary(rollout, accounts: accounts))
    }
}
