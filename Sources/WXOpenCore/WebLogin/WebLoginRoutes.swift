import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// Web login for the company's apps, on behalf of authorized official accounts:
/// `GET /weblogin/:appid/start?scope=…&return_to=…` (a person, inside WeChat) → WeChat's page →
/// `GET /weblogin/:appid/callback` → `return_to?wxopen_ticket=…` → the app's backend calls
/// `POST /api/v1/web-login/redeem`. The ticket travels through the browser; the identity only
/// through the authenticated API.
struct WebLoginRoutes: Sendable {
    let service: WebLoginService
    let apiKeys: APIKeyGuard

    private var platform: Platform { service.platform }

    /// The cookie that ties a login's callback to the browser that started it.
    static let browser = BrowserBinding(cookieName: "wxopen_weblogin", path: "/weblogin/", lifetime: WebLoginLedger.stateLifetime)

    func add(to router: inout Router) {
        router.get("/weblogin/:appid/start", start)
        router.get("/weblogin/:appid/callback", callback)
        router.group("/api/v1/web-login", guardedBy: apiKeys) { api in
            api.post("/redeem", bodyLimit: 4096, redeem)
        }
        WebLoginUserRoutes(service: service, apiKeys: apiKeys).add(to: &router)
    }

    func start(_ request: HTTPRequest) async -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        do {
            let started = try await service.start(appID: appID, scope: request.query["scope"], returnTo: request.query["return_to"],
                                                  browserID: Self.browser.id(in: request))
            log(.info, "weblogin_start", request, appID: appID, scope: started.scope.rawValue, outcome: "sent_to_wechat",
                ("return_host", started.returnHost))
            var response = Self.redirect(to: started.authorizeURL.absoluteString)
            response.setCookie(Self.browser.cookie(started.browserID, for: request, publicBaseURL: platform.configuration.server.publicBaseURL))
            return response
        } catch {
            return await refused(error, step: "weblogin_start", request, appID: appID, scope: request.query["scope"])
        }
    }

    func callback(_ request: HTTPRequest) async -> HTTPResponse {
        let appID = request.pathParameters["appid"] ?? ""
        do {
            let completed = try await service.complete(appID: appID, state: request.query["state"], code: request.query["code"],
                                                       browserID: Self.browser.id(in: request))
            log(.info, "weblogin_callback", request, appID: appID, scope: completed.identity.scope.rawValue, outcome: "ticket_issued",
                ("openid", Redaction.summary(completed.identity.openID)))
            return Self.redirect(to: completed.location)
        } catch {
            return await refused(error, step: "weblogin_callback", request, appID: appID, scope: error.attempt?.scope.rawValue)
        }
    }

    /// Both steps send the browser on: never cached, and no Referer carrying state or ticket.
    private static func redirect(to location: String) -> HTTPResponse {
        var response = HTTPResponse.redirect(to: location)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = WebLoginPage.referrerPolicy
        return response
    }

    private func redeem(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
              let ticket = object["ticket"] as? String, !ticket.isEmpty else {
            throw HTTPError(.badRequest, "the body must be a JSON object like {\"ticket\": \"…\"}")
        }
        let identity: WebLoginIdentity
        do {
            identity = try await service.redeem(ticket: ticket)
        } catch {
            log(.warning, "weblogin_redeem", request, appID: "-", scope: nil, outcome: "refused", ("reason", error.reason),
                ("ticket", Redaction.summary(ticket)))
            if case .disabled = error {
                return APIResponse.error(.notFound, code: "web_login_disabled", message: error.detail)
            }
            await service.failures.note(error, appID: nil)
            return switch error {
            case .ticket(.expired): APIResponse.error(.gone, code: "ticket_expired", message: "the ticket has expired (tickets live 5 minutes)")
            case .ticket(.used): APIResponse.error(.gone, code: "ticket_used", message: "the ticket was already redeemed (a ticket works once)")
            default: APIResponse.error(.notFound, code: "ticket_not_found", message: "no such ticket")
            }
        }
        log(.info, "weblogin_redeem", request, appID: identity.authorizerAppID, scope: identity.scope.rawValue, outcome: "redeemed",
            ("ticket", Redaction.summary(ticket)))
        return APIResponse.json(identity)
    }

    /// Logs the refusal, notes it for the event log (unless web login is simply off), and
    /// renders the person's page.
    private func refused(_ error: WebLoginError, step: String, _ request: HTTPRequest, appID: String,
                         scope: String?) async -> HTTPResponse {
        let level: Logger.Level = switch error {
        case .upstream, .internalFailure: .error
        case .disabled: .info
        default: .warning
        }
        log(level, step, request, appID: appID, scope: scope, outcome: "refused", ("reason", error.reason), ("detail", error.detail))
        if case .disabled = error {} else {
            await service.failures.note(error, appID: appID.isEmpty ? nil : appID)
        }
        return WebLoginPage.response(for: error, Language.pick(for: request))
    }

    /// One line per step. Codes, states, tickets and openids never appear in full.
    private func log(_ level: Logger.Level, _ step: String, _ request: HTTPRequest, appID: String, scope: String?,
                     outcome: String, _ first: (String, String), _ second: (String, String) = ("", "")) {
        let scope = scope.flatMap { OAuthScope(rawValue: $0)?.rawValue } ?? "-"
        if second.0.isEmpty {
            platform.logger.log(level, step, ["request_id": request.requestID, "appid": appID, "scope": scope,
                                              "outcome": outcome, first.0: first.1])
        } else {
            platform.logger.log(level, step, ["request_id": request.requestID, "appid": appID, "scope": scope,
                                              "outcome": outcome, first.0: first.1, second.0: second.1])
        }
    }
}
