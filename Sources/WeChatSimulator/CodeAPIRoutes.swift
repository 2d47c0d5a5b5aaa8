import Foundation
import HTTPServer

/// A mini program's code management with its authorizer token, on the api host (`wxa/…`): only
/// mini programs that granted permission set 18; an official account gets 61007, as from WeChat.
extension WeChatSimulator {
    func codeAPIRoutes() -> Router {
        var router = Router()
        router.post("/wxa/commit", api("wxa_commit", commit))
        router.get("/wxa/get_qrcode", api("wxa_get_qrcode", response: experienceQRCode))
        router.get("/wxa/get_page", api("wxa_get_page", codePages))
        router.post("/wxa/submit_audit", api("wxa_submit_audit", submitAudit))
        router.post("/wxa/speedupaudit", api("wxa_speedupaudit", speedUpAudit))
        router.post("/wxa/get_auditstatus", api("wxa_get_auditstatus", auditStatus))
        router.get("/wxa/get_latest_auditstatus", api("wxa_get_latest_auditstatus", latestAuditStatus))
        router.get("/wxa/undocodeaudit", api("wxa_undocodeaudit", undoCodeAudit))
        router.post("/wxa/release", api("wxa_release", release))
        router.get("/wxa/revertcoderelease", api("wxa_revertcoderelease", revertCodeRelease))
        router.post("/wxa/getversioninfo", api("wxa_getversioninfo", versionInfo))
        router.post("/wxa/modify_domain", api("wxa_modify_domain", modifyDomain))
        router.post("/wxa/setwebviewdomain", api("wxa_setwebviewdomain", setWebviewDomain))
        return router
    }

    /// The mini program behind the request's authorizer token.
    private func miniProgram(_ request: HTTPRequest, _ state: inout SimulatorState, now: Date) throws(APIError) -> String {
        let appID = try state.requireAuthorizerToken(request.query["access_token"], now: now)
        guard state.accounts[appID]?.kind == .miniProgram,
              state.authorizations.active(appID)?.funcIDs.contains(PermissionSet.miniProgramDevelopment) == true
        else { throw .permissionMissing }
        return appID
    }

    @Sendable private func commit(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in
            let appID = try miniProgram(request, &state, now: now)
            try state.code.commit(appID: appID, templateID: body.int("template_id"), extJSON: body.string("ext_json"),
                                  userVersion: body.string("user_version"), userDesc: body.string("user_desc"), now: now)
        }
        return .ok
    }

    /// A small PNG (WeChat documents `image/jpeg`; a client must take the type it is given).
    @Sendable private func experienceQRCode(_ request: HTTPRequest) throws -> HTTPResponse {
        let now = clock.now()
        _ = try withState { state throws(APIError) in try miniProgram(request, &state, now: now) }
        return HTTPResponse(status: .ok, headers: ["Content-Type": "image/png", "Content-Disposition": "attachment; filename=\"QRCode.png\"",
                                                   "Cache-Control": "no-cache, must-revalidate"],
                            body: Data(Self.experienceQRCodePNG))
    }

    /// 1×1 PNG.
    static let experienceQRCodePNG: [UInt8] = Array(Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!)

    @Sendable private func codePages(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let pages = try withState { state throws(APIError) in try state.code.pages(appID: try miniProgram(request, &state, now: now)) }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("page_list", .array(pages.map(JSONValue.string)))])
    }

    @Sendable private func speedUpAudit(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        try withState { state throws(APIError) in
            try state.code.speedUp(appID: try miniProgram(request, &state, now: now), auditID: body.int("auditid").map(Int64.init))
        }
        return .ok
    }

    @Sendable private func submitAudit(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let options = String(decoding: request.body, as: UTF8.self)
        _ = try JSONRequestBody(request.body)
        let auditID = try withState { state throws(APIError) in
            let appID = try miniProgram(request, &state, now: now)
            return try state.code.submitAudit(appID: appID, options: options, now: now, codeCheck: state.settings.codeCheckDuration,
                                              decideAfter: state.settings.auditDecisionDelay)
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("auditid", .int(Int(auditID)))])
    }

    /// A review whose time to decide has come is decided here too, without a push: the platform
    /// learns of it only by asking (a push that got lost).
    @Sendable private func auditStatus(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let audit = try withState { state throws(APIError) in
            let appID = try miniProgram(request, &state, now: now)
            _ = state.code.decideDue(now: now, only: appID)
            return try state.code.audit(appID: appID, id: body.int("auditid").map(Int64.init))
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("status", .int(audit.outcome.rawValue)),
                        ("reason", .string(audit.reason ?? "")), ("screenshot", .string(audit.screenshots.joined(separator: "|")))])
    }

    @Sendable private func latestAuditStatus(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let audit = try withState { state throws(APIError) in
            let appID = try miniProgram(request, &state, now: now)
            _ = state.code.decideDue(now: now, only: appID)
            return try state.code.latestAudit(appID: appID)
        }
        // WeChat's example spells this one `ScreenShot`.
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("auditid", .int(Int(audit.id))),
                        ("status", .int(audit.outcome.rawValue)), ("reason", .string(audit.reason ?? "")),
                        ("ScreenShot", .string(audit.screenshots.joined(separator: "|"))), ("user_version", .string(audit.userVersion)),
                        ("user_desc", .string(audit.userDesc)),
                        ("submit_audit_time", .int(Int(audit.submittedAt.timeIntervalSince1970)))])
    }

    @Sendable private func undoCodeAudit(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        try withState { state throws(APIError) in try state.code.undoAudit(appID: try miniProgram(request, &state, now: now)) }
        return .ok
    }

    /// WeChat wants a body even though it has nothing to say: `{}` (44002 without).
    @Sendable private func release(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        guard !request.body.isEmpty else { throw APIError.emptyPostData }
        try withState { state throws(APIError) in try state.code.release(appID: try miniProgram(request, &state, now: now), now: now) }
        return .ok
    }

    @Sendable private func revertCodeRelease(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        try withState { state throws(APIError) in try state.code.revertRelease(appID: try miniProgram(request, &state, now: now)) }
        return .ok
    }

    @Sendable private func versionInfo(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let code = try withState { state throws(APIError) in state.code.code(try miniProgram(request, &state, now: now)) }
        var fields: [(String, JSONValue)] = [("errcode", .int(0)), ("errmsg", .string("ok"))]
        if let experience = code?.experience {
            fields.append(("exp_info", .object([("exp_time", .int(Int(experience.time.timeIntervalSince1970))),
                                                ("exp_version", .string(experience.userVersion)), ("exp_desc", .string(experience.userDesc))])))
        }
        if let released = code?.released {
            fields.append(("release_info", .object([("release_time", .int(Int(released.time.timeIntervalSince1970))),
                                                    ("release_version", .string(released.userVersion)),
                                                    ("release_desc", .string(released.userDesc))])))
        }
        return .object(fields)
    }

    /// `action` add, delete, set or get (40097 otherwise); every kind's list is answered.
    @Sendable private func modifyDomain(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let kinds = ["requestdomain", "wsrequestdomain", "uploaddomain", "downloaddomain", "udpdomain", "tcpdomain"]
        let domains = try withState { state throws(APIError) in
            let appID = try miniProgram(request, &state, now: now)
            guard let action = body.string("action"), ["add", "delete", "set", "get"].contains(action) else { throw .invalidArgs }
            if action != "get" {
                var lists: [String: [String]] = [:]
                for kind in kinds { lists[kind] = body.strings(kind) ?? [] }
                state.code.setDomains(appID: appID, action: action, domains: lists)
            }
            return state.code.code(appID)?.domains ?? [:]
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok"))] + kinds.map { ($0, .array((domains[$0] ?? []).map(JSONValue.string))) })
    }

    @Sendable private func setWebviewDomain(_ request: HTTPRequest) throws -> JSONValue {
        let now = clock.now()
        let body = try JSONRequestBody(request.body)
        let domains = try withState { state throws(APIError) in
            let appID = try miniProgram(request, &state, now: now)
            guard let action = body.string("action"), ["add", "delete", "set", "get"].contains(action) else { throw .invalidArgs }
            if action != "get" { state.code.setWebviewDomains(appID: appID, action: action, domains: body.strings("webviewdomain") ?? []) }
            return state.code.code(appID)?.webviewDomains ?? []
        }
        return .object([("errcode", .int(0)), ("errmsg", .string("ok")), ("webviewdomain", .array(domains.map(JSONValue.string)))])
    }
}
