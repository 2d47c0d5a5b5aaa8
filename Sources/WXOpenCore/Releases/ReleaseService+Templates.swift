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
        try await asComponent { try await $0.addToTemplates(componentToken: $1, draftID: draftID, templateType: templateType) }
        await platform.events.record("release.template_added", "draft \(draftID) added to the template library")
    }

    func deleteTemplate(_ templateID: Int) async throws {
        try await asComponent { try await $0.deleteTemplate(componentToken: $1, templateID: templateID) }
        await platform.events.record("release.template_deleted", "template \(templateID) deleted from the template library")
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
