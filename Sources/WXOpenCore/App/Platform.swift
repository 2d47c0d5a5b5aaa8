import Foundation
import WeChat
import WXOpenSupport

/// The platform's services, wired once from the configuration: what every route uses.
public final class Platform: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    public let clock: any WallClock
    public let store: any Store
    public let client: ComponentClient
    public let crypto: MessageCrypto
    public let componentTokens: ComponentTokenManager
    public let authorization: AuthorizationService
    public let events: EventRecorder
    public let stateSigner: StateSigner
    /// The API keys in force (configuration and keys file).
    public let keyRing: APIKeyRing
    /// Which keys read which account's token lately.
    public let tokenReads: TokenReads
    /// This process among the instances sharing a store: in the refresh claims it holds
    /// (`token_refresh` entries), so an operator can tell who is refreshing what.
    public let instanceID: String
    /// Client, store, clock, logger and event log, as the services take them.
    let context: ServiceContext
    /// The one pipeline every push and account message goes through.
    let pushes: PushReceiver
    /// Hands messages and lifecycle events to the platform's services; nil without `forwarding`.
    public let forwarding: ForwardingService?

    public var componentAppID: String { configuration.component.appID }

    public init(configuration: Configuration, store: any Store, transport: any WeChatTransport, clock: any WallClock,
                logger: Logger, sleep: @escaping Sleeper = Sleepers.real, observer: ComponentClient.Observer? = nil,
                metrics: PlatformMetrics? = nil, forwardingEnvironment: ForwardingService.Environment = .init(),
                deliveryObserver: (@Sendable (ForwardingService.Outcome) -> Void)? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.store = store
        instanceID = Platform.makeInstanceID()
        let component = configuration.component
        let endpoints = WeChatEndpoints(apiBaseURL: URL(string: configuration.wechat.apiBaseURL)!,
                                        mpBaseURL: URL(string: configuration.wechat.mpBaseURL)!,
                                        openBaseURL: URL(string: configuration.wechat.openBaseURL)!)
        client = ComponentClient(endpoints: endpoints, transport: transport, componentAppID: component.appID,
                                 timeout: TimeInterval(configuration.wechat.timeoutSeconds), observer: observer)
        crypto = MessageCrypto(token: component.token, encodingAESKey: try EncodingAESKey(component.encodingAESKey),
                               previousEncodingAESKey: try component.previousEncodingAESKey.map { try EncodingAESKey($0) },
                               appID: component.appID)
        context = ServiceContext(client: client, store: store, clock: clock, logger: logger)
        componentTokens = ComponentTokenManager(
            context, componentAppID: component.appID, appSecret: component.appSecret,
            margin: TimeInterval(configuration.tokens.componentRefreshMarginSeconds), sleep: sleep, metrics: metrics, instanceID: instanceID)
        forwarding = configuration.forwarding.map {
            ForwardingService(configuration: $0, store: store, clock: clock, logger: logger, environment: forwardingEnvironment,
                              observer: deliveryObserver)
        }
        authorization = AuthorizationService(context, componentTokens: componentTokens, forwarding: forwarding)
        events = context.events
        stateSigner = StateSigner(appSecret: component.appSecret, token: component.token)
        pushes = PushReceiver(crypto: crypto, store: store, clock: clock, logger: logger, events: events)
        keyRing = APIKeyRing(configured: configuration.apiKeys, file: configuration.apiKeysFile.map(APIKeysFile.init(path:)),
                             clock: clock, logger: logger)
        tokenReads = TokenReads(metrics: metrics)
    }
}

extension Platform {
    /// `host/pid/random`: readable, and distinct for two instances in one process (tests). The
    /// host name is gethostname(2)'s, never resolved (`ProcessInfo.hostName` may ask DNS).
    static func makeInstanceID() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0 ? String(cString: name) : "host"
        return "\(host)/\(ProcessInfo.processInfo.processIdentifier)/" + Crypto.hex(Crypto.randomBytes(3))
    }
}
