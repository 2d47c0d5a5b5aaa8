import Foundation
import HTTPServer
import WXOpenSupport

/// Mini programs on the internal API: `POST /api/v1/authorizers/:appid/mini-program/sessions`
/// `{"js_code"}` logs a user in on the mini program's behalf; `POST …/mini-program/decrypt`
/// `{"session", "encrypted_data", "iv"}` opens the data the mini program got for that user.
struct MiniProgramRoutes: Sendable {
    let sessions: MiniProgramSessions
    let apiKeys: APIKeyGuard

    /// Encrypted user data is small (a profile, a phone number, run steps): 64 KB is plenty.
    static let decryptBodyLimit = 64 * 1024

    func add(to router: inout Router) {
        router.group("/api/v1", guardedBy: apiKeys) { api in
            api.post("/authorizers/:appid/mini-program/sessions", bodyLimit: 4096, login)
            api.post("/authorizers/:appid/mini-program/decrypt", bodyLimit: Self.decryptBodyLimit, decrypt)
        }
    }

    private func login(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try Self.fields(request, ["js_code"], example: #"{"js_code": "…"}"#)
        let login = try await sessions.login(appID: request.pathParameters["appid"] ?? "", jsCode: body["js_code"] ?? "")
        return APIResponse.json(login, status: .created)
    }

    private func decrypt(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try Self.fields(request, ["session", "encrypted_data", "iv"],
                                   example: #"{"session": "…", "encrypted_data": "…", "iv": "…"}"#)
        let appID = request.pathParameters["appid"] ?? ""
        let session = try await sessions.session(body["session"] ?? "", appID: appID)
        let plain = try MiniProgramDecryptor.open(encryptedData: body["encrypted_data"] ?? "", iv: body["iv"] ?? "",
                                                  sessionKey: session.sessionKey, appID: appID)
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"],
                            body: plain)
    }

    /// The named string members of a JSON object body, each non-empty and at most 64 KB.
    static func fields(_ request: HTTPRequest, _ names: [String], example: String) throws(HTTPError) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
            throw HTTPError(.badRequest, "the body must be a JSON object like \(example)")
        }
        var fields: [String: String] = [:]
        for name in names {
            guard let value = object[name] as? String, !value.isEmpty else {
                throw HTTPError(.badRequest, "\(name) is required (a non-empty string): \(example)")
            }
            fields[name] = value
        }
        return fields
    }
}
