import Foundation

/// A mini program's code on its behalf (代码管理), with its authorizer token (permission set 18;
/// an official account, which cannot grant it, gets 61007).
extension ComponentClient {
    /// POST /wxa/commit: uploads template `templateID` with `extJSON` (ext.json's text, whose
    /// `extAppid` names the mini program) as the experience version.
    public func commit(authorizerToken: String, templateID: Int, extJSON: String, userVersion: String, userDesc: String) async throws {
        let body: JSONBody = ["template_id": .int(templateID), "ext_json": .string(extJSON), "user_version": .string(userVersion),
                              "user_desc": .string(userDesc)]
        try await call(.commit, query: [("access_token", authorizerToken)], body: body, secrets: [authorizerToken],
                       decode: Self.ignoringBody)
    }

    /// GET /wxa/get_qrcode: the experience version's QR code (an image; errors are JSON).
    public func experienceQRCode(authorizerToken: String, path: String? = nil) async throws -> ExperienceQRCode {
        var query = [("access_token", authorizerToken)]
        if let path { query.append(("path", path)) }
        return try await call(.experienceQRCode, query: query, secrets: [authorizerToken],
                              image: { ExperienceQRCode(contentType: $0, image: Array($1)) }) { _ in
            // A 200 that is neither an image nor an errcode.
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an image"))
        }
    }

    /// GET /wxa/get_page: the committed code's pages, for `item_list`'s `address` (86001 when
    /// nothing is committed).
    public func codePages(authorizerToken: String) async throws -> [String] {
        try await call(.codePages, query: [("access_token", authorizerToken)], secrets: [authorizerToken],
                       decode: Self.json(CodePageList.self)).pages
    }

    /// POST /wxa/submit_audit: submits the experience version for review; returns the auditid.
    /// `options` are the body's other members as WeChat names them (`item_list`,
    /// `version_desc`, `privacy_api_not_use`, …); WeChat's pages disagree on whether
    /// `item_list` is required, and it is accepted without.
    public func submitAudit(authorizerToken: String, options: [String: JSONBody] = [:]) async throws -> Int64 {
        try await call(.submitAudit, query: [("access_token", authorizerToken)], body: .object(options), secrets: [authorizerToken],
                       decode: Self.json(SubmittedAudit.self)).auditID
    }

    /// POST /wxa/get_auditstatus: one review's state (85012 an auditid WeChat does not know).
    public func auditStatus(authorizerToken: String, auditID: Int64) async throws -> AuditStatus {
        try await call(.auditStatus, query: [("access_token", authorizerToken)], body: ["auditid": .int(Int(auditID))],
                       secrets: [authorizerToken], decode: Self.json(AuditStatus.self))
    }

    /// POST /wxa/speedupaudit: asks for the review in progress to be expedited (a platform has a
    /// few a month: `speedup_rest` of `wxa/queryquota`); 85012 an auditid that is not under review.
    public func speedUpAudit(authorizerToken: String, auditID: Int64) async throws {
        try await call(.speedUpAudit, query: [("access_token", authorizerToken)], body: ["auditid": .int(Int(auditID))],
                       secrets: [authorizerToken], decode: Self.ignoringBody)
    }

    /// GET /wxa/get_latest_auditstatus: the latest review (85058 when there is none).
    public func latestAudit(authorizerToken: String) async throws -> LatestAudit {
        try await call(.latestAuditStatus, query: [("access_token", authorizerToken)], secrets: [authorizerToken],
                       decode: Self.json(LatestAudit.self))
    }

    /// GET /wxa/undocodeaudit: withdraws the review in progress (87013: at most 5 a day, 10 a month).
    public func undoCodeAudit(authorizerToken: String) async throws {
        try await call(.undoCodeAudit, query: [("access_token", authorizerToken)], secrets: [authorizerToken],
                       decode: Self.ignoringBody)
    }

    /// POST /wxa/release: releases the last approved version. The body must be `{}` (44002 without).
    public func release(authorizerToken: String) async throws {
        try await call(.release, query: [("access_token", authorizerToken)], body: .object([:]), secrets: [authorizerToken],
                       decode: Self.ignoringBody)
    }

    /// GET /wxa/revertcoderelease: rolls the released version back to the one before (or to
    /// `appVersion`, from `action=get_history_version`); 87011 / 87012 when it cannot.
    public func revertCodeRelease(authorizerToken: String, appVersion: String? = nil) async throws {
        var query = [("access_token", authorizerToken)]
        if let appVersion { query.append(("app_version", appVersion)) }
        try await call(.revertCodeRelease, query: query, secrets: [authorizerToken], decode: Self.ignoringBody)
    }

    /// POST /wxa/getversioninfo: the experience and released versions.
    public func versionInfo(authorizerToken: String) async throws -> CodeVersionInfo {
        try await call(.versionInfo, query: [("access_token", authorizerToken)], body: .object([:]), secrets: [authorizerToken],
                       decode: Self.json(CodeVersionInfo.self))
    }
}

/// `wxa/get_page`'s answer.
struct CodePageList: Decodable {
    var pages: [String]
    private enum CodingKeys: String, CodingKey { case pages = "page_list" }
    init(from decoder: any Decoder) throws {
        pages = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([String].self, forKey: .pages) ?? []
    }
}
