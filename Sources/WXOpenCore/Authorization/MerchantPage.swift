import HTTPServer
import WXOpenSupport

/// The pages a merchant sees during authorization.
enum MerchantPage {
    /// A refusal or a failure, with a button back to the start page when `restart`.
    static func problem(_ language: Language, title: String, message: String, status: HTTPStatus, restart: Bool = false) -> HTTPResponse {
        ProblemPage(language: language, status: status, title: title, message: message,
                    link: restart ? .init("/authorize", language.t("重新授权", "Start again"), id: "restart") : nil,
                    referrerPolicy: AuthorizationRoutes.referrerPolicy).response
    }

    /// The callback's state was forged, stale, used before or made for another browser: the
    /// merchant can only start again.
    static func linkRefused(_ language: Language, _ reason: AuthorizationStates.Refusal) -> HTTPResponse {
        let title = switch reason {
        case .invalid: language.t("授权链接无效", "This authorization link is not valid")
        case .expired: language.t("授权链接已过期", "This authorization link has expired")
        case .used, .otherBrowser: language.t("授权链接已失效", "This authorization link has expired or was already used")
        }
        let message = switch reason {
        case .invalid, .expired: language.t("请回到授权页重新开始。", "Please go back to the start page and authorize again.")
        case .used, .otherBrowser: language.t("每个授权链接只能在打开它的浏览器中使用一次。请回到授权页重新开始。",
                                              "An authorization link works once, in the browser that opened it. Please go back to the start page and authorize again.")
        }
        return problem(language, title: title, message: message, status: .badRequest, restart: true)
    }

    /// WeChat or the platform cannot serve the merchant now. The page says what the merchant can
    /// do (try later); the operator's hint went to the log.
    static func unavailable(_ language: Language, _ error: any Error) -> HTTPResponse {
        if case PlatformError.waitingForTicket = error {
            return problem(language, title: language.t("平台正在准备中", "The platform is getting ready"),
                           message: language.t("平台正在等待微信的授权凭据（每 10 分钟推送一次），请几分钟后再试。",
                                               "The platform is waiting for WeChat's credentials (pushed every 10 minutes). Please try again in a few minutes."),
                           status: .serviceUnavailable, restart: true)
        }
        var detail = ""
        if case PlatformError.wechat(let wechat) = error, let errcode = wechat.errcode { detail = " (errcode \(errcode))" }
        return problem(language, title: language.t("微信暂时无法完成请求", "WeChat could not complete the request"),
                       message: language.t("请稍后再试；如果问题持续，请联系平台客服", "Please try again later; if it keeps happening, contact the platform's support") + detail,
                       status: .badGateway, restart: true)
    }

    static func authorized(_ language: Language, record: AuthorizerRecord, ref: String?, platformName: String) -> HTTPResponse {
        let name = record.info?.nickName ?? record.appID
        let type = switch record.accountType {
        case .officialAccount: language.t("公众号", "Official account")
        case .miniProgram: language.t("小程序", "Mini program")
        case .unknown: language.t("帐号", "Account")
        }
        let permissions = record.funcInfo.map { "<li>\(HTML.escape(PermissionSet.name($0, language: language.code)))</li>" }.joined()
        let avatar = HTML.safeImageURL(record.info?.headImage).map { "<img class=\"avatar\" alt=\"\" src=\"\($0)\"> " } ?? ""
        let refLine = ref.map { "<p class=\"muted\">\(language.t("参考号", "Reference")): \(HTML.escape($0))</p>" } ?? ""
        let body = HTMLFragment(raw: """
            <main class="narrow"><div class="card ok">
            <h1>\(language.t("授权成功", "Authorized"))</h1>
            <p>\(avatar)<strong id="account-name">\(HTML.escape(name))</strong> <span class="pill">\(type)</span></p>
            <p>\(HTML.escape(language.t("已授权给「\(platformName)」。", "is now authorized to \(platformName).")))</p>
            <h2>\(language.t("已授予的权限", "Permissions granted"))</h2>
            <ul id="permissions">\(permissions.isEmpty ? "<li>\(language.t("无", "None"))</li>" : permissions)</ul>
            \(refLine)
            </div></main>
            """)
        return Page(title: language.t("授权成功", "Authorized"), language: language.code, body: body).response(referrerPolicy: "same-origin")
    }
}
