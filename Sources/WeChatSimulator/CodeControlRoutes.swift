import Foundation
import HTTPServer

/// Control routes for code management:
/// `POST /simulator/templates/drafts` `{"user_version", "user_desc"}` → `{"draft_id"}` (an upload
/// from the developer tools); `POST /simulator/templates` (the same, made a template at once) →
/// `{"template_id"}`; `GET /simulator/mini-programs/:appid/code` → commits, reviews, release;
/// `POST /simulator/mini-programs/:appid/audit` `{"result": "approve" | "reject" | "delay",
/// "reason", "screenshots": […], "push": true}` decides the open review; `POST
/// /simulator/audits/settle` approves what `audit_decision_delay` has made due.
extension WeChatSimulator {
    func codeControlRoutes() -> Router {
        var r = Router()
        r.post("/simulator/templates/drafts") { [self] in try draft($0, template: false) }
        r.post("/simulator/templates") { [self] in try draft($0, template: true) }
        r.get("/simulator/mini-programs/:appid/code") { [self] in codeJSON($0) }
        r.post("/simulator/mini-programs/:appid/audit") { [self] in try await decide($0) }
        r.post("/simulator/audits/settle") { [self] _ in Self.control(.object([("decided", .int(await settleAudits()))])) }
        return r
    }

    private func draft(_ request: HTTPRequest, template: Bool) throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        guard let version = body.string("user_version"), !version.isEmpty else { return Self.controlError("user_version is required") }
        let desc = body.string("user_desc") ?? ""
        if template {
            return Self.control(.object([("template_id", .int(createTemplate(userVersion: version, userDesc: desc,
                                                                              type: body.int("template_type") ?? 0)))]))
        }
        return Self.control(.object([("draft_id", .int(createDraft(userVersion: version, userDesc: desc)))]))
    }

    private func decide(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try Self.controlBody(request)
        let outcomes: [String: SimulatedCode.Audit.Outcome] = ["approve": .approved, "reject": .rejected, "delay": .delayed]
        guard let outcome = body.string("result").flatMap({ outcomes[$0] }) else {
            return Self.controlError("result must be approve, reject or delay")
        }
        let appID = request.pathParameters["appid"] ?? ""
        do {
            let push = try await decideAudit(appID: appID, outcome: outcome, reason: body.string("reason"),
                                             screenshots: body.strings("screenshots") ?? [], push: body.bool("push") ?? true)
            return Self.control(.object([("pushed", .bool(push?.succeeded == true)), ("push", push.map(Self.json) ?? .null)]))
        } catch {
            return Self.controlError(error)
        }
    }

    private func codeJSON(_ request: HTTPRequest) -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        guard let code = code(of: appID) else { return Self.controlError("nothing committed to \(appID)", status: .notFound) }
        func version(_ version: SimulatedCode.Version?) -> JSONValue {
            guard let version else { return .null }
            return .object([("template_id", .int(version.templateID)), ("user_version", .string(version.userVersion)),
                            ("user_desc", .string(version.userDesc)), ("ext_json", .string(version.extJSON)),
                            ("time", .int(Int(version.time.timeIntervalSince1970)))])
        }
        return Self.control(.object([
            ("commits", .int(code.commits)), ("releases", .int(code.releases)), ("experience", version(code.experience)),
            ("released", version(code.released)),
            ("audits", .array(code.audits.map { audit in
                .object([("auditid", .int(Int(audit.id))), ("status", .int(audit.outcome.rawValue)),
                         ("reason", audit.reason.map(JSONValue.string) ?? .null), ("pushed", .bool(audit.pushed)),
                         ("user_version", .string(audit.userVersion))])
            })),
            ("domains", .object(code.domains.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) })),
            ("webviewdomain", .array(code.webviewDomains.map(JSONValue.string))),
        ]))
    }
}
