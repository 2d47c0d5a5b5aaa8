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
    let replays: ReplayCache
    let rejections: RejectionReporter

    public var componentAppID: String { configuration.component.appID }

    public init(configuration: Configuration, store: any Store, transport: any WeChatTransport, clock: any WallClock,
                logger: Logger, sleep: @escaping Sleeper = Sleepers.real, observer: ComponentClient.Observer? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.store = store
        let component = configuration.component
        let endpoints = WeChatEndpoints(apiBaseURL: URL(string: configuration.wechat.apiBaseURL)!,
                                        mpBaseURL: URL(string: configuration.wechat.mpBaseURL)!,
                                        openBaseURL: URL(string: configuration.wechat.openBaseURL)!)
        client = ComponentClient(endpoints: endpoints, transport: transport, componentAppID: component.appID,
                                 timeout: TimeInterval(configuration.wechat.timeoutSeconds), observer: observer)
        crypto = MessageCrypto(token: component.token, encodingAESKey: try EncodingAESKey(component.encodingAESKey),
                               previousEncodingAESKey: try component.previousEncodingAESKey.map { try EncodingAESKey($0) },
                               appID: component.appID)
        componentTokens = ComponentTokenManager(
            componentAppID: component.appID, appSecret: component.appSecret, client: client, store: store, clock: clock,
            margin: TimeInterval(configuration.tokens.componentRefreshMarginSeconds), logger: logger, sleep: sleep)
        authorization = AuthorizationService(componentTokens: componentTokens, client: client, store: store, clock: clock, logger: logger)
        events = EventRecorder(store: store, clock: clock, logger: logger)
        stateSigner = StateSigner(appSecret: component.appSecret, token: component.token)
        replays = ReplayCache(clock: clock)
        rejections = RejectionReporter(events: events, clock: clock)
    }

    /// Stores a pushed ticket before the push is answered. A push older than the stored ticket
    /// (a late retry) does not replace it.
    func storeTicket(_ push: VerifyTicketPush, logger: Logger) async throws {
        let now = clock.now()
        let createTime = Date(timeIntervalSince1970: TimeInterval(push.createTime))
        let previous = try await store.ticket(componentAppID: push.appID)
        if let previous, previous.createTime > createTime {
            logger.info("ticket_older_than_stored", ["component_appid": push.appID, "action": "kept the stored one"])
            return
        }
        try await store.saveTicket(StoredTicket(componentAppID: push.appID, ticket: push.ticket, receivedAt: now, createTime: createTime))
        logger.info("ticket_stored", ["component_appid": push.appID, "ticket": Redaction.summary(push.ticket),
                                      "create_time": "\(push.createTime)"])
        // One ticket every 10 minutes would crowd the event log: record only the first one and
        // a resumption after a gap.
        if let previous {
            let gap = now.timeIntervalSince(previous.receivedAt)
            if gap > 30 * 60 {
                await events.record("push.component_verify_ticket", "ticket pushes resumed after \(Int(gap / 60)) minutes")
            }
        } else {
            await events.record("push.component_verify_ticket", "first component_verify_ticket received")
        }
    }
}
