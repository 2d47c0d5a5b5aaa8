import WeChat

/// Why a web-login step was refused or failed. `reason` is a short stable word for logs and the
/// event log; descriptions never carry a code, token, ticket, state or openid.
enum WebLoginError: Error, Sendable {
    enum StateProblem: String, Sendable {
        case unknown, expired, used
        /// The state was made for another account than the callback's path names.
        case otherAccount = "other_account"
        /// The callback came from a browser other than the one that started the login.
        case otherBrowser = "other_browser"
    }

    enum TicketProblem: String, Sendable {
        case unknown, expired, used
    }

    /// No `webLogin.returnURLPrefixes` configured.
    case disabled
    case badScope
    case returnTo(ReturnURLPolicy.Refusal)
    case unknownAccount(appID: String)
    case accountUnavailable(appID: String, status: AuthorizerStatus)
    case notOfficialAccount(appID: String)
    /// The account did not grant permission set 4 (网页服务, web authorization) to the platform.
    case webAuthorizationNotGranted(appID: String)
    case state(StateProblem)
    /// WeChat came back without a code (the person did not agree).
    case codeMissing(WebLoginAttempt)
    /// 40029 invalid or expired, 40163 already used, 61009.
    case codeRejected(errcode: Int, WebLoginAttempt)
    /// WeChat failed, or the platform cannot call it yet (no ticket).
    case upstream(PlatformError, WebLoginAttempt)
    case ticket(TicketProblem)
    /// The store could not be read; `detail` is for the log.
    case internalFailure(detail: String)

    var reason: String {
        switch self {
        case .disabled: "disabled"
        case .badScope: "bad_scope"
        case .returnTo: "return_to_refused"
        case .unknownAccount: "account_not_authorized"
        case .accountUnavailable(_, let status): "account_\(status.rawValue)"
        case .notOfficialAccount: "not_an_official_account"
        case .webAuthorizationNotGranted: "web_authorization_not_granted"
        case .state(let problem): "state_" + problem.rawValue
        case .codeMissing: "code_missing"
        case .codeRejected(let errcode, _): errcode == 40163 ? "code_used" : "code_invalid"
        case .upstream(let error, _): error.code
        case .ticket(let problem): "ticket_" + problem.rawValue
        case .internalFailure: "internal"
        }
    }

    /// For the log and the event log.
    var detail: String {
        switch self {
        case .disabled: "web login is off: webLogin.returnURLPrefixes is empty"
        case .badScope: "scope must be snsapi_base or snsapi_userinfo"
        case .returnTo(let refusal): refusal.reason
        case .unknownAccount(let appID): "\(appID) has not authorized this platform"
        case .accountUnavailable(let appID, let status): "\(appID) is \(status.rawValue)"
        case .notOfficialAccount(let appID): "\(appID) is a mini program: web authorization is for official accounts"
        case .webAuthorizationNotGranted(let appID): "\(appID) did not grant permission set 4 (web authorization)"
        case .state(let problem): "state \(problem.rawValue)"
        case .codeMissing: "WeChat returned no code"
        case .codeRejected(let errcode, _): "WeChat refused the code: errcode \(errcode)"
        case .upstream(let error, _): error.description
        case .ticket(let problem): "ticket \(problem.rawValue)"
        case .internalFailure(let detail): detail
        }
    }

    /// The attempt the failure belongs to, when the state was good: the person can start it again.
    var attempt: WebLoginAttempt? {
        switch self {
        case .codeMissing(let attempt), .codeRejected(_, let attempt), .upstream(_, let attempt): attempt
        default: nil
        }
    }

    /// Sorts what a WeChat call threw: code problems are the person's to retry, the rest the operator's.
    static func upstream(_ error: any Error, attempt: WebLoginAttempt) -> WebLoginError {
        let platformError: PlatformError
        switch error {
        case let error as PlatformError: platformError = error
        case let error as WeChatAPIError: platformError = .wechat(error)
        default: return .internalFailure(detail: "\(type(of: error)) during web login")
        }
        if case .wechat(let wechat) = platformError, wechat.kind == .codeInvalid, let errcode = wechat.errcode {
            return .codeRejected(errcode: errcode, attempt)
        }
        return .upstream(platformError, attempt)
    }
}
