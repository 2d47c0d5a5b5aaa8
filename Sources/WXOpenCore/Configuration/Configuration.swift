import Foundation
import WeChat
import WXOpenSupport

/// wxopen's configuration: `config.example.json` is its contract. Secrets may come from the
/// environment instead (`WXOPEN_COMPONENT_APP_SECRET`, …), which wins over the file.
public struct Configuration: Sendable, Equatable {
    public struct Server: Sendable, Equatable {
        /// Default: "127.0.0.1".
        public var host = "127.0.0.1"
        /// Default: 8080.
        public var port = 8080
        /// How the world reaches us (callback URLs, cookies' Secure flag). Default: http://127.0.0.1:8080.
        public var publicBaseURL = "http://127.0.0.1:8080"
        /// Event-loop threads; 0 means one per core. Default: 0.
        public var eventLoops = 0
        /// Reverse proxies (CIDR blocks) whose X-Forwarded-For / X-Forwarded-Proto / Forwarded
        /// headers are believed, for the client address in logs and throttles and for Secure
        /// cookies. From anyone else those headers are ignored. Default: none.
        public var trustedProxies: [String] = []
    }

    public struct Platform: Sendable, Equatable {
        /// Shown to merchants on the start page. Default: "wxopen".
        public var name = "wxopen"
    }

    public struct Component: Sendable, Equatable {
        public var appID: String
        public var appSecret: String
        /// The message-check token (3–32 letters or digits).
        public var token: String
        public var encodingAESKey: String
        public var previousEncodingAESKey: String?

        public init(appID: String, appSecret: String, token: String, encodingAESKey: String, previousEncodingAESKey: String? = nil) {
            self.appID = appID
            self.appSecret = appSecret
            self.token = token
            self.encodingAESKey = encodingAESKey
            self.previousEncodingAESKey = previousEncodingAESKey
        }
    }

    public struct WeChatURLs: Sendable, Equatable {
        public var apiBaseURL = "https://api.weixin.qq.com"
        public var mpBaseURL = "https://mp.weixin.qq.com"
        public var openBaseURL = "https://open.weixin.qq.com"
        /// Per-call timeout for WeChat's API. Default: 10 s.
        public var timeoutSeconds = 10
    }

    public struct Store: Sendable, Equatable {
        /// Where accounts, tokens and tickets are kept (`store.kind`).
        public enum Kind: String, Sendable, CaseIterable {
            /// The embedded journal and snapshot under `path`.
            case file
            /// Nothing persisted: every token is lost on restart (tests and benchmarks only).
            case memory
            /// PostgreSQL at `url`: several instances share it and behave as one.
            case postgres
        }

        /// Default: file.
        public var kind = Kind.file
        /// Directory of the file store. Default: "data".
        public var path = "data"
        /// `postgresql://user:password@host:5432/database` for `kind: postgres`;
        /// `WXOPEN_STORE_URL` overrides it. Never logged with its password. Default: none.
        public var url: String?
    }

    public struct Tokens: Sendable, Equatable {
        /// Refresh the component token when less than this remains. Default: 600 s.
        public var componentRefreshMarginSeconds = 600
        /// Refresh authorizer tokens when less than this remains. Default: 900 s.
        public var authorizerRefreshMarginSeconds = 900
        /// Upstream refresh calls at once to start with, and never fewer. Default: 4.
        public var refreshConcurrency = 4
        /// The most upstream refresh calls at once the adaptive limit may reach, when the due
        /// accounts would otherwise not be refreshed before their margin (`tokens.maxConcurrency`,
        /// at least `refreshConcurrency`). Default: 32.
        public var maxConcurrency = 32

        /// Which authorizer tokens the refresher keeps fresh ahead of time (`tokens.refreshPolicy`).
        public enum RefreshPolicy: String, Sendable, CaseIterable {
            /// Every authorized account's, all the time: ~12 upstream calls a day per account.
            case all
            /// Only the accounts whose token was read within `hotWindowSeconds`; the rest are
            /// refreshed on first use (one call however many callers) and, to keep their refresh
            /// token exercised, once every `keepAliveSeconds`.
            case hot
        }

        /// Default: hot.
        public var refreshPolicy = RefreshPolicy.hot
        /// An account whose token was read this recently is hot (policy `hot`). Default: 86,400 s (24 h).
        public var hotWindowSeconds = 86_400
        /// A cold account's token is refreshed once this long after its last refresh (policy
        /// `hot`): WeChat documents no expiry for the refresh token while the authorization
        /// stands, so this only exercises it, rotation included, and finds withdrawn
        /// authorizations early. Default: 604,800 s (7 days).
        public var keepAliveSeconds = 604_800
    }

    public struct WebLogin: Sendable, Equatable {
        /// Where `/weblogin/:appid/start` may send a person back to with a login ticket:
        /// `return_to` must have the scheme, host and port of one of these and a path that starts
        /// with its path. Empty: web login is off. Default: [].
        public var returnURLPrefixes: [String] = []
        /// Keep each user's WeChat access and refresh tokens (sealed in the store, per account
        /// and openid) after the login, for `GET /api/v1/web-login/users/{openid}`. Default: false.
        public var keepUserTokens = false

        public var isEnabled: Bool { !returnURLPrefixes.isEmpty }
    }

    /// Where every message and event of every account is handed on (`forwarding`): the
    /// platform's own service. Without it messages are answered `success` and kept in the event log.
    public struct Forwarding: Sendable, Equatable {
        /// An http(s) URL; every delivery is POSTed here.
        public var url: String
        /// Signs every delivery (`X-Wxopen-Signature`); 16 characters at least. Also from
        /// `WXOPEN_FORWARDING_SECRET`, which wins.
        public var secret: String
        /// How long a message's first delivery may take for its answer to become WeChat's reply
        /// (100–4,500 ms; WeChat allows 5 s in all, and the time already spent counts). Default: 3,000.
        public var replyTimeoutMs = 3000

        public init(url: String, secret: String, replyTimeoutMs: Int = 3000) {
            self.url = url
            self.secret = secret
            self.replyTimeoutMs = replyTimeoutMs
        }
    }

    public struct MiniProgram: Sendable, Equatable {
        /// How long a mini program login's session (and the session_key sealed with it) is kept;
        /// each login starts a new one. Default: 259,200 s (3 days).
        public var sessionLifetimeSeconds = 259_200
    }

    /// The event log (`events`): what the console's events page and account history show.
    public struct Events: Sendable, Equatable {
        /// Events older than this many days are dropped, on every store (1–3,650). Default: 90.
        public var keepDays = 90
    }

    public struct APIKey: Sendable, Equatable {
        public var name: String
        /// Lowercase hex SHA-256 of the key's bytes: the file never holds a usable secret.
        public var sha256: String
        /// After this the key is refused (401, "expired"). Default: never.
        public var expiresAt: Date?
        /// When `wxopen apikey new` made it (keys file only).
        public var createdAt: Date?

        public init(name: String, sha256: String, expiresAt: Date? = nil, createdAt: Date? = nil) {
            self.name = name
            self.sha256 = sha256
            self.expiresAt = expiresAt
            self.createdAt = createdAt
        }

        static func isSHA256Hex(_ text: String) -> Bool {
            text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
    }

    public struct Admin: Sendable, Equatable {
        public var username: String
        /// `pbkdf2-sha256$ITERATIONS$SALT$HASH`, from `wxopen hash-password`.
        public var passwordHash: String
    }

    public var server = Server()
    public var platform = Platform()
    public var component: Component
    public var wechat = WeChatURLs()
    public var store = Store()
    public var tokens = Tokens()
    public var apiKeys: [APIKey] = []
    /// A file of more API keys, watched while the server runs: `wxopen apikey new --file PATH`
    /// and the console add to it and revoke from it without a restart. Default: none.
    public var apiKeysFile: String?
    /// Web login for the company's apps; off unless `returnURLPrefixes` names at least one app.
    public var webLogin = WebLogin()
    /// nil: messages are answered `success` and only recorded in the event log.
    public var forwarding: Forwarding?
    /// Mini program login on behalf and decryption of what mini programs hand back.
    public var miniProgram = MiniProgram()
    /// Mini program rollouts (`releases`): commits, reviews and releases on behalf.
    public var releases = Releases()
    /// nil: the console is off.
    public var admin: Admin?
    public var events = Events()
    /// Console language (`console.lang`): auto (Accept-Language), zh or en. Default: auto.
    public var consoleLanguage = Language.Setting.auto
    /// The least severe level logged (`log.level`: debug, info, warn or error). Default: info.
    public var logLevel = Logger.Level.info

    public init(component: Component) { self.component = component }
}

extension Configuration {
    /// The environment variables that override secrets in the file.
    public enum Environment {
        public static let appID = "WXOPEN_COMPONENT_APP_ID"
        public static let appSecret = "WXOPEN_COMPONENT_APP_SECRET"
        public static let token = "WXOPEN_COMPONENT_TOKEN"
        public static let encodingAESKey = "WXOPEN_COMPONENT_ENCODING_AES_KEY"
        public static let previousEncodingAESKey = "WXOPEN_COMPONENT_PREVIOUS_ENCODING_AES_KEY"
        public static let adminPasswordHash = "WXOPEN_ADMIN_PASSWORD_HASH"
        public static let storeKey = "WXOPEN_STORE_KEY"
        public static let forwardingSecret = "WXOPEN_FORWARDING_SECRET"
        public static let storeURL = "WXOPEN_STORE_URL"
    }

    /// Reads and checks a configuration file. The first problem found is thrown, naming its key.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "", "cannot read \(path) (does it exist and is it readable?)")
        }
        return try parse(data, environment: environment)
    }

    public static func parse(_ data: Data, environment: [String: String] = [:]) throws(ConfigurationError) -> Configuration {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigurationError(key: "", "the file is not valid JSON (\(ConfigurationParser.describe(error)))")
        }
        return try ConfigurationParser(environment: environment).parse(root)
    }
}

extension Configuration.Admin {
    /// An operator whose password is `password`, hashed here (what `wxopen demo` makes up).
    public init(username: String, password: String) {
        self.init(username: username, passwordHash: PasswordHash.make(password: password))
    }
}
