import Foundation
import WeChat
import WXOpenSupport

/// Web login on behalf of authorized official accounts: the company's apps send a person to
/// `start`, WeChat sends them back to the callback (`complete`), the person arrives at the app
/// with a one-time ticket, and the app's backend `redeem`s it for the identity.
struct WebLoginService: Sendable {
    /// 网页服务: the permission set an account must grant for web authorization on its behalf.
    static let webAuthorizationSet = 4

    let platform: Platform
    let ledger: WebLoginLedger
    let failures: WebLoginFailureLog
    /// Users' kept tokens (`webLogin.keepUserTokens`).
    let users: WebLoginUsers
    private let policy: ReturnURLPolicy

    init(platform: Platform) {
        self.platform = platform
        ledger = WebLoginLedger(store: platform.store, clock: platform.clock)
        failures = WebLoginFailureLog(events: platform.events, clock: platform.clock)
        users = WebLoginUsers(platform: platform)
        policy = ReturnURLPolicy(prefixes: platform.configuration.webLogin.returnURLPrefixes)
    }

    var isEnabled: Bool { platform.configuration.webLogin.isEnabled }

    struct Started: Sendable {
        var authorizeURL: URL
        var scope: OAuthScope
        /// For the cookie: the browser's id, new unless the browser brought a valid one.
        var browserID: String
        var returnHost: String
    }

    /// Checks the account and `return_to`, remembers the attempt, and builds WeChat's link.
    func start(appID: String, scope scopeText: String?, returnTo returnText: String?,
               browserID presented: String?) async throws(WebLoginError) -> Started {
        guard isEnabled else { throw .disabled }
        let scopeText = scopeText.flatMap { $0.isEmpty ? nil : $0 } ?? OAuthScope.base.rawValue
        guard let scope = OAuthScope(rawValue: scopeText) else { throw .badScope }
        let returnTo: String
        do {
            returnTo = try policy.check(returnText)
        } catch {
            throw .returnTo(error)
        }
        let record: AuthorizerRecord?
        do {
            record = try await platform.store.authorizer(appID: appID)
        } catch {
            throw .internalFailure(detail: "the store could not be read: \(error)")
        }
        guard let record else { throw .unknownAccount(appID: appID) }
        guard record.status == .authorized else { throw .accountUnavailable(appID: appID, status: record.status) }
        guard record.accountType != .miniProgram else { throw .notOfficialAccount(appID: appID) }
        guard record.funcInfo.contains(Self.webAuthorizationSet) else { throw .webAuthorizationNotGranted(appID: appID) }

        let browserID = presented.flatMap { BrowserBinding.isID($0) ? $0 : nil } ?? BrowserBinding.newID()
        let attempt = WebLoginAttempt(appID: appID, scope: scope, returnTo: returnTo, browserDigest: BrowserBinding.digest(browserID))
        let state: String
        do {
            state = try await ledger.attempts.insert(attempt)
        } catch {
            throw .internalFailure(detail: "the login could not be stored: \(error)")
        }
        let redirectURI = platform.configuration.server.publicBaseURL + Self.callbackPath(appID: appID)
        let url = platform.client.oauthAuthorizeURL(appID: appID, redirectURI: redirectURI, scope: scope, state: state)
        return Started(authorizeURL: url, scope: scope, browserID: browserID, returnHost: (try? ReturnURL.parse(returnTo).host) ?? "-")
    }

    static func callbackPath(appID: String) -> String { "/weblogin/\(PercentEncoding.encode(appID))/callback" }

    struct Completed: Sendable {
        /// `return_to` with the ticket.
        var location: String
        var identity: WebLoginIdentity
    }

    /// Checks the state, exchanges the code with the component token, fetches the profile for
    /// snsapi_userinfo, and issues the ticket. The user's tokens go no further than this method.
    func complete(appID: String, state: String?, code: String?, browserID: String?) async throws(WebLoginError) -> Completed {
        guard isEnabled else { throw .disabled }
        let attempt: WebLoginAttempt
        let taken: ExpiringTable<WebLoginAttempt>.Taken
        do {
            taken = try await ledger.attempts.take(state ?? "")
        } catch {
            throw .internalFailure(detail: "the login could not be read from the store: \(error)")
        }
        switch taken {
        case .value(let found): attempt = found
        case .unknown: throw .state(.unknown)
        case .expired: throw .state(.expired)
        case .used: throw .state(.used)
        }
        guard attempt.appID == appID else { throw .state(.otherAccount) }
        guard let browserID, BrowserBinding.isID(browserID),
              Crypto.constantTimeEquals(BrowserBinding.digest(browserID), attempt.browserDigest) else { throw .state(.otherBrowser) }
        guard let code, !code.isEmpty else { throw .codeMissing(attempt) }

        let client = platform.client
        let token: OAuthToken
        do {
            // A code is single use: a blind retry after a timeout could only earn 40163.
            token = try await platform.componentTokens.withToken(retry: .busyOnly) { componentToken in
                try await client.oauthAccessToken(appID: appID, code: code, componentToken: componentToken)
            }
        } catch {
            throw WebLoginError.upstream(error, attempt: attempt)
        }
        if platform.configuration.webLogin.keepUserTokens {
            do {
                try await users.keep(token, appID: appID, scope: attempt.scope)
            } catch {
                // The login itself worked: the person gets in, only the later profile reads will 404.
                platform.logger.error("weblogin_user_not_kept", ["appid": appID, "openid": Redaction.summary(token.openID), "error": "\(error)"])
            }
        }
        var identity = WebLoginIdentity(authorizerAppID: appID, openID: token.openID, unionID: token.unionID,
                                        scope: attempt.scope, user: nil)
        if attempt.scope == .userInfo {
            do {
                let info = try await client.userInfo(accessToken: token.accessToken, openID: token.openID)
                identity.user = WebLoginIdentity.User(info)
                identity.unionID = identity.unionID ?? info.unionID
            } catch {
                throw WebLoginError.upstream(error, attempt: attempt)
            }
        }
        let ticket: String
        do {
            ticket = try await ledger.tickets.insert(identity)
        } catch {
            throw .internalFailure(detail: "the login ticket could not be stored: \(error)")
        }
        return Completed(location: ReturnURL.appending(ReturnURLPolicy.ticketParameter, ticket, to: attempt.returnTo),
                         identity: identity)
    }

    /// The identity behind a ticket, once.
    func redeem(ticket: String) async throws(WebLoginError) -> WebLoginIdentity {
        guard isEnabled else { throw .disabled }
        let taken: ExpiringTable<WebLoginIdentity>.Taken
        do {
            taken = try await ledger.tickets.take(ticket)
        } catch {
            throw .internalFailure(detail: "the ticket could not be read from the store: \(error)")
        }
        switch taken {
        case .value(let identity): return identity
        case .unknown: throw .ticket(.unknown)
        case .expired: throw .ticket(.expired)
        case .used: throw .ticket(.used)
        }
    }
}
