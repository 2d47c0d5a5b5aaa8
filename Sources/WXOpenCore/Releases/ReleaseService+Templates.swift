import Foundation
import WeChat

/// The template library (component token) and an account's experience QR code (its token).
extension ReleaseService {
    func templates() async throws -> [CodeTemplate] {
        try await asComponent { try await $0.templates(componentToken: $1) }
    }

    func drafts() async throws -> [CodeDraft] {
        try await asComponent { try await $0.templateDrafts(componentToken: $1) }
    }

    func addToTemplates(draftID: Int, templateType: Int) async throws {
        try await notFound(as: "draft_not_found", "WeChat has no draft \(draftID) (GET /api/v1/mini-program/templates/drafts lists them)") {
            try await asComponent { try await $0.addToTemplates(componentToken: $1, draftID: draftID, templateType: templateType) }
        }
        await platform.events.record("release.template_added", "draft \(draftID) added to the template library")
    }

    func deleteTemplate(_ templateID: Int) async throws {
        try await notFound(as: "template_not_found", "template \(templateID) is not in the template library (GET /api/v1/mini-program/templates)") {
            try await asComponent { try await $0.deleteTemplate(componentToken: $1, templateID: templateID) }
        }
        await platform.events.record("release.template_deleted", "template \(templateID) deleted from the template library")
    }

    /// WeChat's 85064 ("template not found", for a draft too) is the caller's mistake: a 404 with
    /// WeChat's errcode, not a 502.
    private func notFound(as code: String, _ message: String, _ call: () async throws -> Void) async throws {
        do {
            try await call()
        } catch PlatformError.wechat(let error) where error.errcode == 85064 {
            throw APIProblem(.notFound, code, message, wechatErrcode: 85064)
        }
    }

    /// The experience version's QR code of an authorized mini program (404/409 otherwise).
    func experienceQRCode(appID: String) async throws -> ExperienceQRCode {
        _ = try await platform.authorizedAccount(appID, kind: .miniProgram)
        return try await asAccount(appID) { try await $0.experienceQRCode(authorizerToken: $1) }
    }

    private func asComponent<T: Sendable>(_ call: @escaping @Sendable (ComponentClient, String) async throws -> T) async throws -> T {
        let client = platform.client
        return try await platform.componentTokens.withToken(retry: .busyOnly) { try await call(client, $0) }
    }
}
