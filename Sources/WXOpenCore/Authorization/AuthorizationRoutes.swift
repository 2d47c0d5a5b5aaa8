import Foundation
import HTTPServer
import WeChat
import WXOpenSupport

/// The merchant's authorization: `GET /authorize` (start page), `GET /authorize/go` (a fresh
/// pre_auth_code at click time, then WeChat's page), `GET /authorize/callback` (exchange and
/// store). The start page and the redirect keep a cross-origin Referer: WeChat checks its host.
struct AuthorizationRoutes: Sendable {
    let platform: Platform
    let states: AuthorizationStates

    /// Cross-origin requests carry our origin; never `no-referrer` (WeChat would answer 授权入口页所在域名：空).
    static let referrerPolicy = "strict-origin-when-cross-origin"

    init(platform: Platform, usedStates: UsedStateLedger) {
        self.platform = platform
        states = AuthorizationStates(signer: platform.stateSigner, used: usedStates, clock: platform.clock)
    }

    func add(to router: inout Router) {
        router.get("/authorize", start)
        router.get("/authorize/go", go)
        router.get("/authorize/callback", callback)
    }

    private var name: String { platform.configuration.platform.name }

    /// The options of a start-page link, or the page that says what is wrong with them.
    private func options(_ request: HTTPRequest) -> Result<AuthorizationOptions, AuthorizationOptions.Problem> {
        Result { () throws(AuthorizationOptions.Problem) in try AuthorizationOptions.parse(request) }
    }

    private func invalidLink(_ language: Language, _ problem: AuthorizationOptions.Problem) -> HTTPResponse {
        MerchantPage.problem(language, title: language.t("链接参数有误", "This link is not valid"), message: problem.message(language),
                             status: .badRequest)
    }

    func start(_ request: HTTPRequest) -> HTTPResponse {
        let language = Language.pick(for: request)
        let options: AuthorizationOptions
        switch self.options(request) {
        case .success(let parsed): options = parsed
        case .failure(let error): return invalidLink(language, error)
        }
        let hint = options.mobile
            ? language.t("点击后在微信中确认授权。", "Tap the button, then confirm in WeChat.")
            : language.t("点击后将打开微信授权页，请用公众号或小程序管理员的微信扫码确认。",
                         "The button opens WeChat's authorization page: scan its QR code with the WeChat of the account's administrator.")
        let body = HTMLFragment(raw: """
            <main class="narrow"><div class="card">
            <h1>\(HTML.escape(name))</h1>
            <p>\(HTML.escape(language.t("将您的公众号或小程序授权给「\(name)」，由平台代为运营。",
                                        "Authorize your official account or mini program to \(name), so the platform can operate it for you.")))</p>
            <p><a class="button big" id="authorize" href="/authorize/go?\(HTML.escape(options.query))">\(language.t("授权", "Authorize"))</a></p>
            <p class="muted">\(HTML.escape(hint))</p>
            </div></main>
            """)
        return Page(title: name, language: language.code, body: body).response(referrerPolicy: Self.referrerPolicy)
    }

    func go(_ request: HTTPRequest) async -> HTTPResponse {
        let language = Language.pick(for: request)
        let options: AuthorizationOptions
        switch self.options(request) {
        case .success(let parsed): options = parsed
        case .failure(let error): return invalidLink(language, error)
        }
        let client = platform.client
        let preAuthCode: PreAuthCode
        do {
            preAuthCode = try await platform.componentTokens.withToken { try await client.createPreAuthCode(componentToken: $0) }
        } catch {
            platform.logger.error("authorization_start_failed", ["request_id": request.requestID, "error": "\(error)"])
            return MerchantPage.unavailable(language, error)
        }
        let browserID = AuthorizationStates.browser.idToUse(for: request)
        let state = states.issue(options, browserID: browserID)
        let redirectURI = platform.configuration.server.publicBaseURL + "/authorize/callback?state=" + PercentEncoding.encode(state)
        let url = client.authorizationPageURL(
            preAuthCode: preAuthCode.code, redirectURI: redirectURI, authType: AuthorizationAccountType(rawValue: options.authType),
            bizAppID: options.bizAppID, categoryIDs: options.categoryIDs, mobile: options.mobile)
        platform.logger.info("authorization_started", ["request_id": request.requestID, "ref": options.ref ?? "-",
                                                       "auth_type": "\(options.authType)", "mobile": "\(options.mobile)"])
        var response = HTTPResponse.redirect(to: url.absoluteString)
        response.headers["Referrer-Policy"] = Self.referrerPolicy
        response.headers["Cache-Control"] = "no-store"
        response.setCookie(AuthorizationStates.browser.cookie(browserID, for: request, publicBaseURL: platform.configuration.server.publicBaseURL))
        return response
    }

    func callback(_ request: HTTPRequest) async -> HTTPResponse {
        let language = Language.pick(for: request)
        let state: AuthorizationState
        do {
            state = try await states.redeem(request.query["state"] ?? "", from: request)
        } catch let refusal as AuthorizationStates.Refusal {
            platform.logger.warning("authorization_callback_rejected", ["request_id": request.requestID, "reason": refusal.rawValue])
            return MerchantPage.linkRefused(language, refusal)
        } catch {
            platform.logger.error("authorization_callback_failed", ["request_id": request.requestID, "error": "\(error)"])
            return MerchantPage.unavailable(language, error)
        }
        guard let code = request.query["auth_code"], !code.isEmpty else {
            return MerchantPage.problem(language, title: language.t("未完成授权", "Authorization was not completed"),
                                        message: language.t("微信没有返回授权码：授权可能已取消。", "WeChat returned no authorization code: the authorization may have been cancelled."),
                                        status: .badRequest, restart: true)
        }
        do {
            let record = try await platform.authorization.exchange(code: code, ref: state.ref, source: "callback")
            return MerchantPage.authorized(language, record: record, ref: state.ref, platformName: name)
        } catch let error as PlatformError {
            platform.logger.error("authorization_callback_failed", ["request_id": request.requestID, "error": error.description])
            if case .wechat(let wechat) = error, wechat.kind == .codeInvalid {
                return MerchantPage.problem(
                    language, title: language.t("授权码已过期或已被使用", "The authorization code has expired or was already used"),
                    message: language.t("请回到授权页重新授权。", "Please go back to the start page and authorize again."),
                    status: .badRequest, restart: true)
            }
            return MerchantPage.unavailable(language, error)
        } catch {
            platform.logger.error("authorization_callback_failed", ["request_id": request.requestID, "error": "\(error)"])
            return MerchantPage.unavailable(language, error)
        }
    }
}
