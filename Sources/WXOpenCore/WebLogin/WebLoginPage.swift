import HTTPServer
import WXOpenSupport

/// What a person sees when a web login cannot go on. They are inside WeChat, on their way to
/// one of the company's apps: the page says what happened and, when it helps, offers to start
/// the same login again. Operator details stay in the log.
enum WebLoginPage {
    /// The callback's URL holds the code and state: no Referer may carry it anywhere.
    static let referrerPolicy = "no-referrer"

    /// With a button that starts the same login again when the attempt is known.
    static func problem(_ language: Language, title: String, message: String, status: HTTPStatus,
                        restartPath: String? = nil) -> HTTPResponse {
        ProblemPage(language: language, status: status, title: title, message: message,
                    link: restartPath.map { .init($0, language.t("重新登录", "Log in again"), id: "restart") },
                    referrerPolicy: referrerPolicy).response
    }

    static func response(for error: WebLoginError, _ language: Language) -> HTTPResponse {
        let t = language.t
        let contact = t("请联系应用的提供方。", "Please contact the provider of the app.")
        switch error {
        case .disabled:
            return problem(language, title: t("网页登录未开启", "Web login is off"),
                           message: t("平台未开启网页登录。管理员：在配置中设置 webLogin.returnURLPrefixes（允许返回的应用地址前缀）后重启。",
                                      "The platform has web login turned off. Operators: set webLogin.returnURLPrefixes (the app URL prefixes logins may return to) in the configuration and restart."),
                           status: .notFound)
        case .badScope:
            return problem(language, title: t("登录链接有误", "This login link is not valid"),
                           message: t("scope 只能是 snsapi_base 或 snsapi_userinfo。", "scope must be snsapi_base or snsapi_userinfo.") + contact,
                           status: .badRequest)
        case .returnTo:
            return problem(language, title: t("登录链接有误", "This login link is not valid"),
                           message: t("登录后要返回的地址不在平台允许的范围内。", "The address to return to after logging in is not one the platform allows. ") + contact,
                           status: .badRequest)
        case .unknownAccount, .accountUnavailable:
            return problem(language, title: t("该公众号未授权此平台", "This official account has not authorized the platform"),
                           message: t("该公众号尚未授权给本平台，或授权已失效，暂时无法登录。", "The account has not authorized this platform, or its authorization has lapsed, so it cannot log you in. ") + contact,
                           status: error.isUnknownAccount ? .notFound : .forbidden)
        case .notOfficialAccount:
            return problem(language, title: t("不支持的帐号", "Unsupported account"),
                           message: t("网页授权登录只适用于公众号。", "Web login works for official accounts only. ") + contact,
                           status: .badRequest)
        case .webAuthorizationNotGranted:
            return problem(language, title: t("该公众号未开放网页授权", "This official account has not granted web authorization"),
                           message: t("公众号管理员授权时没有勾选「网页服务」权限集，需重新授权后才能登录。",
                                      "The account's administrator did not grant the \"web authorization\" permission set; they must authorize the platform again with it. ") + contact,
                           status: .forbidden)
        case .state(let problem):
            return stateProblem(problem, language)
        case .codeMissing(let attempt):
            return problem(language, title: t("登录未完成", "Login was not completed"),
                           message: t("微信没有返回登录凭证：可能取消了授权。", "WeChat returned no login code: the request may have been declined."),
                           status: .badRequest, restartPath: attempt.restartPath)
        case .codeRejected(let errcode, let attempt):
            let used = errcode == 40163
            return problem(language, title: used ? t("登录凭证已被使用", "This login code was already used")
                                                 : t("登录凭证无效或已过期", "This login code is invalid or has expired"),
                           message: t("请重新登录（不要刷新或重复打开登录完成的页面）。", "Please log in again (do not reload or reopen the page a login ends on)."),
                           status: .badRequest, restartPath: attempt.restartPath)
        case .upstream(let platformError, let attempt):
            if case .waitingForTicket = platformError {
                return problem(language, title: t("平台正在准备中", "The platform is getting ready"),
                               message: t("平台正在等待微信的凭据，请几分钟后再试。", "The platform is waiting for WeChat's credentials. Please try again in a few minutes."),
                               status: .serviceUnavailable, restartPath: attempt.restartPath)
            }
            let errcode = platformError.wechatErrcode.map { " (errcode \($0))" } ?? ""
            return problem(language, title: t("微信暂时无法完成登录", "WeChat could not complete the login"),
                           message: t("请稍后再试", "Please try again later") + errcode,
                           status: .badGateway, restartPath: attempt.restartPath)
        case .ticket, .internalFailure:
            return problem(language, title: t("暂时无法登录", "Login is unavailable"), message: t("请稍后再试。", "Please try again later."),
                           status: .internalServerError)
        }
    }

    private static func stateProblem(_ problem: WebLoginError.StateProblem, _ language: Language) -> HTTPResponse {
        let t = language.t
        let again = t("请回到应用重新登录。", "Please go back to the app and log in again.")
        let title = switch problem {
        case .expired: t("登录链接已过期", "This login link has expired")
        case .used: t("登录链接已被使用", "This login link was already used")
        case .otherBrowser: t("请在同一个窗口中完成登录", "Please finish the login in the window it started in")
        case .unknown, .otherAccount: t("登录链接无效", "This login link is not valid")
        }
        return self.problem(language, title: title, message: again, status: .badRequest)
    }
}

extension WebLoginError {
    var isUnknownAccount: Bool {
        if case .unknownAccount = self { return true }
        return false
    }
}
