import Foundation

/// The simulated WeChat and the one third-party platform registered in it. Durations are
/// seconds on the simulator's clock unless they say "real time".
public struct SimulatorConfiguration: Sendable {
    /// Address to bind. Default: "127.0.0.1".
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one. Default: 8180.
    public var port = 8180
    /// Event-loop threads of the simulator's HTTP server. Default: 2.
    public var eventLoops = 2

    // MARK: The registered platform

    public var componentAppID: String
    public var componentAppSecret: String
    /// The message-verification token (消息校验Token).
    public var token: String
    /// 43 characters; pushes and messages are encrypted with it.
    public var encodingAESKey: String
    /// Shown on the authorization pages. Default: "示例第三方平台".
    public var platformName = "示例第三方平台"
    /// The authorization event URL (授权事件接收URL): tickets and authorization pushes go here.
    public var eventURL: URL
    /// The message URL with `$APPID$`, e.g. `http://127.0.0.1:8080/wechat/messages/$APPID$`.
    public var messageURLTemplate: String
    /// Hosts of the registered authorization start page (授权发起页域名), compared without port
    /// and case: the Referer of the authorization page and every redirect_uri must be on one.
    public var authorizationDomains: [String]

    // MARK: Lifetimes and policies

    /// Seconds between ticket pushes, real time. The first push goes out at start. 0 disables
    /// automatic pushes (tests push by hand). Default: 600.
    public var ticketInterval: TimeInterval = 600
    /// How long a ticket is accepted by `api_component_token`. Default: 43,200 (12 h).
    public var ticketLifetime: TimeInterval = 43_200
    /// Component and authorizer access tokens. Default: 7,200.
    public var tokenLifetime: TimeInterval = 7_200
    /// How long a replaced access token keeps working. Default: 300.
    public var replacedTokenGrace: TimeInterval = 300
    /// pre_auth_code lifetime. Default: 600.
    public var preAuthCodeLifetime: TimeInterval = 600
    /// Authorization code (auth_code) lifetime. Default: 600.
    public var authorizationCodeLifetime: TimeInterval = 600
    /// Web-authorization code lifetime. Default: 300.
    public var oauthCodeLifetime: TimeInterval = 300
    /// Web-authorization refresh token lifetime. Default: 2,592,000 (30 days).
    public var oauthRefreshTokenLifetime: TimeInterval = 2_592_000
    /// Each `api_authorizer_token` returns a new refresh token and only the latest works
    /// (61023 otherwise). Default: true.
    public var rotateRefreshTokens = true
    /// The platform passed full release; when false only accounts on the test list may
    /// authorize. Default: true.
    public var fullReleaseDone = true
    /// Quota resets (`clear_quota/v2`) each account, and the platform itself, may make in a
    /// calendar month of the simulator's clock (WeChat: 10). Default: 10.
    public var clearQuotaLimit = 10
    /// Mini program login codes (`js_code`) live this long. Default: 300.
    public var jsCodeLifetime: TimeInterval = 300
    /// End every error's errmsg with ` rid: …`, as WeChat does, and remember the call for
    /// `openapi/rid/get` (7 days). Off by default so tests can compare WeChat's errmsg texts
    /// exactly; the demo turns it on. Default: false.
    public var ridsInErrors = false

    /// A submitted review is approved on its own this long after submission (and the result
    /// pushed), on the simulator's clock; nil: reviews wait for the test (`decideAudit`).
    /// Default: nil.
    public var auditDecisionDelay: TimeInterval?
    /// After a commit, `wxa/submit_audit` answers 61039 (the code check is running) this long.
    /// Default: 0.
    public var codeCheckDuration: TimeInterval = 0

    // MARK: Pushes

    /// Attempts per push, the first included, like WeChat's retries. Default: 3.
    public var pushAttempts = 3
    /// Real-time wait between attempts. Default: 5. Tests use 0.
    public var pushRetryDelay: TimeInterval = 5
    /// Real-time limit on one push or message exchange (WeChat waits about 5 s). Default: 5.
    public var pushTimeout: TimeInterval = 5
    /// Real-time wait, in the full-release check, for the customer-service message. Default: 10.
    public var fullReleaseReplyTimeout: TimeInterval = 10

    // MARK: Population

    /// Real-time delay added to every API call (benchmarks). Default: 0.
    public var latency: TimeInterval = 0
    /// Default: `SimulatedAccount.demoSet`.
    public var accounts: [SimulatedAccount] = SimulatedAccount.demoSet
    /// Fake WeChat users for web authorization. Default: `SimulatedUser.demoSet`.
    public var oauthUsers: [SimulatedUser] = SimulatedUser.demoSet

    // MARK: The demo's sample app

    /// A stand-in for one of the company's web apps, served under `/sample-app/`: it starts a
    /// web login at the platform and redeems the ticket with an API key, as a real app's
    /// backend would. Default: nil (no sample app).
    public var sampleApp: SampleApp?

    public struct SampleApp: Sendable {
        /// Where the platform is, as the browser reaches it (`http://127.0.0.1:8080`).
        public var platformBaseURL: URL
        /// Where this simulator is, as the browser reaches it: the login returns to `/sample-app/welcome` here.
        public var ownBaseURL: URL
        /// An internal-API key of the platform, for `POST /api/v1/web-login/redeem`.
        public var apiKey: String
        /// The official account the app logs users in for. Default: 星河咖啡 of the demo set.
        public var appID: String

        public init(platformBaseURL: URL, ownBaseURL: URL, apiKey: String, appID: String = "wx8f3c2a1b5d6e7f90") {
            self.platformBaseURL = platformBaseURL
            self.ownBaseURL = ownBaseURL
            self.apiKey = apiKey
            self.appID = appID
        }

        /// The return prefix the platform must allow (`webLogin.returnURLPrefixes`).
        public var returnPrefix: String { Self.trimmed(ownBaseURL) + SampleAppRoutes.path }

        static func trimmed(_ url: URL) -> String {
            url.absoluteString.hasSuffix("/") ? String(url.absoluteString.dropLast()) : url.absoluteString
        }
    }

    public init(
        componentAppID: String, componentAppSecret: String, token: String, encodingAESKey: String,
        eventURL: URL, messageURLTemplate: String, authorizationDomains: [String]
    ) {
        self.componentAppID = componentAppID
        self.componentAppSecret = componentAppSecret
        self.token = token
        self.encodingAESKey = encodingAESKey
        self.eventURL = eventURL
        self.messageURLTemplate = messageURLTemplate
        self.authorizationDomains = authorizationDomains
    }

    /// Demo credentials, shared with the demo platform's configuration.
    public enum Demo {
        public static let componentAppID = "wx3f5c1a2b9d8e7f60"
        public static let componentAppSecret = "5e2f8a1c9b7d4e6f0a3c5b8d1e9f7a2c"
        public static let token = "wxopenSimToken2026"
        public static let encodingAESKey = "obkU0Cfcg2Rp7aKd4blUjMYGQHq/c1PevykVFwYn614"
    }

    /// The demo platform: the demo credentials, pushes to `platformBaseURL`'s
    /// `/wechat/component/events` and `/wechat/messages/$APPID$`, and its host registered as the
    /// authorization domain.
    public static func demo(
        platformBaseURL: URL = URL(string: "http://127.0.0.1:8080")!, host: String = "127.0.0.1", port: Int = 8180
    ) -> SimulatorConfiguration {
        let base = platformBaseURL.absoluteString.hasSuffix("/")
            ? String(platformBaseURL.absoluteString.dropLast()) : platformBaseURL.absoluteString
        var configuration = SimulatorConfiguration(
            componentAppID: Demo.componentAppID, componentAppSecret: Demo.componentAppSecret, token: Demo.token,
            encodingAESKey: Demo.encodingAESKey, eventURL: URL(string: base + "/wechat/component/events")!,
            messageURLTemplate: base + "/wechat/messages/$APPID$",
            authorizationDomains: [platformBaseURL.host ?? "127.0.0.1"])
        configuration.host = host
        configuration.port = port
        return configuration
    }

    /// The message URL for one account.
    public func messageURL(for appID: String) -> URL? {
        URL(string: messageURLTemplate.replacingOccurrences(of: "$APPID$", with: appID))
    }
}
