import Foundation
import HTTPServer

/// A mini program's code management with its authorizer token, on the api host (`wxa/…`): only
/// mini programs that granted permission set 18; an official account gets 61007, as from WeChat.
extension WeChatSimulator {
    func codeAPIRoutes() -> Router {
        var router = Router()
        router.post("/wxa/commit", api("wxa_commit", .json, commit))
        router.get("/wxa/get_qrcode", api("wxa_get_qrcode", response: experienceQRCode))
        router.get("/wxa/get_page", api("wxa_get_page", .query, codePages))
        router.post("/wxa/submit_audit", api("wxa_submit_audit", .json, submitAudit))
        router.post("/wxa/speedupaudit", api("wxa_speedupaudit", .json, speedUpAudit))
        router.post("/wxa/get_auditstatus", api("wxa_get_auditstatus", .json, auditStatus))
        router.get("/wxa/get_latest_auditstatus", api("wxa_get_latest_auditstatus", .query, latestAuditStatus))
        router.get("/wxa/undocodeaudit", api("wxa_undocodeaudit", .query, undoCodeAudit))
        router.post("/wxa/release", api("wxa_release", .query, release))
        router.get("/wxa/revertcoderelease", api("wxa_revertcoderelease", .query, revertCodeRelease))
        router.post("/wxa/getversioninfo", api("wxa_getversioninfo", .query, versionInfo))
        router.post("/wxa/modify_domain", api("wxa_modify_domain", .json, modifyDomain))
        router.post("/wxa/setwebviewdomain", api("wxa_setwebviewdomain", .json, setWebviewDomain))
        return router
    }

    /// The mini program behind the call's authorizer token.
    private func miniProgram(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> String {
        let appID = try state.requireAuthorizerToken(call.query["access_token"], now: call.now)
        guard state.accounts[appID]?.kind == .miniProgram,
              state.authorizations.active(appID)?.funcIDs.contains(PermissionSet.miniProgramDevelopment) == true
        else { throw .permissionMissing }
        return appID
    }

    @Sendable private func commit(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let body = call.body
        try state.code.commit(appID: try miniProgram(call, &state), templateID: body.int("template_id"), extJSON: body.string("ext_json"),
                              userVersion: body.string("user_version"), userDesc: body.string("user_desc"), now: call.now)
        return .ok
    }

    /// A small PNG (WeChat documents `image/jpeg`; a client must take the type it is given).
    @Sendable private func experienceQRCode(_ request: HTTPRequest) throws -> HTTPResponse {
        let call = APICall(request: request, body: JSONRequestBody(members: [:]), now: clock.now())
        _ = try withState { state throws(APIError) in try miniProgram(call, &state) }
        return HTTPResponse(status: .ok, headers: ["Content-Type": "image/png", "Content-Disposition": "attachment; filename=\"QRCode.png\"",
                                                   "Cache-Control": "no-cache, must-revalidate"],
                            body: Data(Self.experienceQRCodePNG))
    }

    /// 1×1 PNG.
    static let experienceQRCodePNG: [UInt8] = Array(Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)

    @Sendable private func codePages(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        .ok(("page_list", .array(try state.code.pages(appID: try miniProgram(call, &state)).map(JSONValue.string))))
    }

    @Sendable private func speedUpAudit(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.code.speedUp(appID: try miniProgram(call, &state), auditID: call.body.int("auditid").map(Int64.init))
        return .ok
    }

    @Sendable private func submitAudit(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let auditID = try state.code.submitAudit(appID: try miniProgram(call, &state), options: String(decoding: call.request.body, as: UTF8.self),
                                                 now: call.now, codeCheck: state.settings.codeCheckDuration,
                                                 decideAfter: state.settings.auditDecisionDelay)
        return .ok(("auditid", .int(Int(auditID))))
    }

    /// A review whose time to decide has come is decided here too, without a push: the platform
    /// learns of it only by asking (a push that got lost).
    @Sendable private func auditStatus(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let appID = try miniProgram(call, &state)
        _ = state.code.decideDue(now: call.now, only: appID)
        let audit = try state.code.audit(appID: appID, id: call.body.int("auditid").map(Int64.init))
        return .ok(("status", .int(audit.outcome.rawValue)), ("reason", .string(audit.reason ?? "")),
                   ("screenshot", .string(audit.screenshots.joined(separator: "|"))))
    }

    @Sendable private func latestAuditStatus(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let appID = try miniProgram(call, &state)
        _ = state.code.decideDue(now: call.now, only: appID)
        let audit = try state.code.latestAudit(appID: appID)
        // WeChat's example spells this one `ScreenShot`.
        return .ok(("auditid", .int(Int(audit.id))), ("status", .int(audit.outcome.rawValue)), ("reason", .string(audit.reason ?? "")),
                   ("ScreenShot", .string(audit.screenshots.joined(separator: "|"))), ("user_version", .string(audit.userVersion)),
                   ("user_desc", .string(audit.userDesc)), ("submit_audit_time", .int(Int(audit.submittedAt.timeIntervalSince1970))))
    }

    @Sendable private func undoCodeAudit(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.code.undoAudit(appID: try miniProgram(call, &state))
        return .ok
    }

    /// WeChat wants a body even though it has nothing to say: `{}` (44002 without).
    @Sendable private func release(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        guard !call.request.body.isEmpty else { throw .emptyPostData }
        try state.code.release(appID: try miniProgram(call, &state), now: call.now)
        return .ok
    }

    @Sendable private func revertCodeRelease(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        try state.code.revertRelease(appID: try miniProgram(call, &state))
        return .ok
    }

    @Sendable private func versionInfo(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let code = state.code.code(try miniProgram(call, &state))
        var fields: [(String, JSONValue)] = []
        if let experience = code?.experience {
            fields.append(("exp_info", .object([("exp_time", .int(Int(experience.time.timeIntervalSince1970))),
                                                ("exp_version", .string(experience.userVersion)), ("exp_desc", .string(experience.userDesc))])))
        }
        if let released = code?.released {
            fields.append(("release_info", .object([("release_time", .int(Int(released.time.timeIntervalSince1970))),
                                                    ("release_version", .string(released.userVersion)),
                                                    ("release_desc", .string(released.userDesc))])))
        }
        return .ok(fields)
    }

    /// Every kind's list is answered, whatever the action.
    @Sendable private func modifyDomain(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let kinds = ["requestdomain", "wsrequestdomain", "uploaddomain", "downloaddomain", "udpdomain", "tcpdomain"]
        let appID = try miniProgram(call, &state)
        let action = try Self.domainAction(call.body)
        if action != "get" {
            var lists: [String: [String]] = [:]
            for kind in kinds { lists[kind] = call.body.strings(kind) ?? [] }
            state.code.setDomains(appID: appID, action: action, domains: lists)
        }
        let domains = state.code.code(appID)?.domains ?? [:]
        return .ok(kinds.map { ($0, .array((domains[$0] ?? []).map(JSONValue.string))) })
    }

    @Sendable private func setWebviewDomain(_ call: APICall, _ state: inout SimulatorState) throws(APIError) -> JSONValue {
        let appID = try miniProgram(call, &state)
        let action = try Self.domainAction(call.body)
        if action != "get" { state.code.setWebviewDomains(appID: appID, action: action, domains: call.body.strings("webviewdomain") ?? []) }
        return .ok(("webviewdomain", .array((state.code.code(appID)?.webviewDomains ?? []).map(JSONValue.string))))
    }

    /// The domain calls' `action`: add, delete, set or get (40097 otherwise).
    private static func domainAction(_ body: JSONRequestBody) throws(APIError) -> String {
        guard let action = body.string("action"), ["add", "delete", "set", "get"].contains(action) else { throw .invalidArgs }
        return action
    }
}
