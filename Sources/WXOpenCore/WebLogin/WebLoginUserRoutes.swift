import Foundation
import HTTPServer
import WeChat

/// Kept web-login users (`webLogin.keepUserTokens`): `GET /api/v1/web-login/users/:openid?authorizer_appid=`
/// → the current profile (`&check=1`: `{"valid": …}` from `sns/auth` instead), `DELETE` the same
/// path → the tokens are forgotten. The user's tokens are never in an answer.
struct WebLoginUserRoutes: Sendable {
    let service: WebLoginService
    let apiKeys: APIKeyGuard

    func add(to router: inout Router) {
        router.group("/api/v1/web-login", guardedBy: apiKeys) { api in
            api.get("/users/:openid", user)
            api.delete("/users/:openid", forget)
        }
    }

    private var users: WebLoginUsers { service.users }

    private func user(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (appID, openID) = try target(request)
        let check = request.query["check"] ?? "0"
        guard check == "0" || check == "1" else { throw HTTPError(.badRequest, "check must be 1 (ask sns/auth) or 0") }
        if check == "1" {
            let valid = try await users.check(appID: appID, openID: openID)
            return APIResponse.json(["authorizer_appid": JSONBody.string(appID), "openid": .string(openID), "valid": .bool(valid)])
        }
        let (kept, info) = try await users.profile(appID: appID, openID: openID)
        let identity = WebLoginIdentity(authorizerAppID: appID, openID: openID, unionID: info.unionID ?? kept.unionID,
                                        scope: .userInfo, user: WebLoginIdentity.User(info))
        return APIResponse.json(identity)
    }

    private func forget(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (appID, openID) = try target(request)
        guard try await users.forget(appID: appID, openID: openID) else {
            throw APIProblem(.notFound, "user_not_found", "no kept login of the user for \(PlatformError.named(appID))")
        }
        return APIResponse.json(["authorizer_appid": JSONBody.string(appID), "openid": .string(openID), "forgotten": .bool(true)])
    }

    /// The account (`authorizer_appid`) and the user; 404 while users' tokens are not kept.
    private func target(_ request: HTTPRequest) throws -> (appID: String, openID: String) {
        guard service.platform.configuration.webLogin.keepUserTokens else {
            throw APIProblem(.notFound, "user_tokens_not_kept", "users' tokens are not kept: set \"webLogin\": {\"keepUserTokens\": true}")
        }
        guard let appID = request.query["authorizer_appid"], !appID.isEmpty else {
            throw HTTPError(.badRequest, "authorizer_appid (the official account the user logged in to) is required")
        }
        return (appID, request.pathParameters["openid"] ?? "")
    }
}
