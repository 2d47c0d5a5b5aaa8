import Foundation
import WeChat
import WXOpenSupport

/// Hands every message and event of every account, and the accounts' lifecycle, to the
/// platform's own service (`forwarding.url`), through the store's outbox: a delivery is durable
/// before WeChat is answered, goes out in order per account, at least once, and is retried until
/// the service takes it (see `DeliveryWorker`). Built only when `forwarding` is configured.
public final class ForwardingService: Sendable {
    /// What tests (and benchmarks) replace.
    public struct Environment: Sendable {
        /// How deliveries travel. Default (nil): a `URLSessionTransport` of its own.
        public var transport: (any WeChatTransport)?
        /// Waits out a message's reply budget. Default: `Task.sleep`.
        public var replyDeadline: Sleeper
        /// Waits between the worker's looks at the outbox. Default: `Task.sleep`.
        public var idleSleep: Sleeper
        /// Names this process's leases. Default: host, pid and a random suffix.
        public var owner: String?

        public init(transport: (any WeChatTransport)? = nil, replyDeadline: @escaping Sleeper = Sleepers.real,
                    idleSleep: @escaping Sleeper = Sleepers.real, owner: String? = nil) {
            self.transport = transport
            self.replyDeadline = replyDeadline
            self.idleSleep = idleSleep
            self.owner = owner
        }
    }

    /// Delivered, failed (and to be retried), or a message WeChat sent again, merged.
    public enum Outcome: String, Sendable { case delivered, failed, duplicate }

    /// WeChat's own limit for an answer is 5 s; what is left after this goes to encrypting and
    /// sending the reply.
    static let wechatDeadline: TimeInterval = 4.5
    /// One attempt, whoever makes it. Default: 10 s.
    static let deliveryTimeout: TimeInterval = 10
    /// Longer than an attempt can take, so a live owner never loses its lease mid-attempt.
    static let leaseDuration: TimeInterval = 60
    /// WeChat retries within seconds; ten minutes is what the issue asks, five more for clocks.
    static let dedupeWindow: TimeInterval = 15 * 60

    let store: any Store
    let client: ServiceClient
    let clock: any WallClock
    let logger: Logger
    let owner: String
    let replyTimeout: TimeInterval
    let backoff = DeliveryBackoff()
    let replyDeadline: Sleeper
    let idleSleep: Sleeper
    /// Rung when there may be something to deliver: the worker looks at once.
    let doorbell = Doorbell()
    /// Attempts made for a message's reply, which run on after WeChat is answered.
    let replyAttempts = TrackedTasks()
    private let observer: (@Sendable (Outcome) -> Void)?

    init(configuration: Configuration.Forwarding, store: any Store, clock: any WallClock, logger: Logger,
         environment: Environment, observer: (@Sendable (Outcome) -> Void)?) {
        self.store = store
        self.clock = clock
        self.logger = logger.with(["component": "forwarding"])
        client = ServiceClient(url: URL(string: configuration.url)!, secret: Array(configuration.secret.utf8),
                               transport: environment.transport ?? URLSessionTransport(
                                   configuration: .init(maxResponseBytes: ServiceClient.maxResponseBytes)),
                               clock: clock)
        owner = environment.owner ?? Self.makeOwner()
        replyTimeout = TimeInterval(configuration.replyTimeoutMs) / 1000
        replyDeadline = environment.replyDeadline
        idleSleep = environment.idleSleep
        self.observer = observer
    }

    static func makeOwner() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-" + Crypto.hex(Crypto.randomBytes(3))
    }

    /// One attempt at `delivery` (leased to this process), and its outcome recorded (see `record`).
    func attempt(_ delivery: OutboxDelivery) async -> ServiceClient.Outcome {
        let started = ContinuousClock.now
        let outcome = await client.post(delivery, timeout: Self.deliveryTimeout)
        await record(outcome, of: delivery, startedAt: started)
        return outcome
    }

    /// Delivered ones leave the outbox, failed ones wait their backoff. An attempt cut short by
    /// shutdown is not counted: its lease lapses and it is tried again.
    func record(_ outcome: ServiceClient.Outcome, of delivery: OutboxDelivery, startedAt started: ContinuousClock.Instant) async {
        let log = logger.with(["delivery_id": delivery.id, "type": delivery.type, "authorizer_appid": delivery.accountKey,
                               "attempt": String(delivery.attempts + 1), "duration_ms": Logger.milliseconds(Self.seconds(since: started))])
        do {
            switch outcome {
            case .accepted:
                try await store.completeDelivery(id: delivery.id)
                observer?(.delivered)
                log.info("delivery_delivered")
            case .failed(let reason):
                if Task.isCancelled { return }
                let now = clock.now()
                let wait = backoff.delay(afterFailures: delivery.attempts + 1)
                try await store.failDelivery(id: delivery.id, owner: owner, error: reason, nextAttemptAt: now + wait, now: now)
                observer?(.failed)
                log.warning("delivery_failed", ["error": reason, "retry_in_s": String(Int(wait))])
            }
        } catch {
            // Not recorded: the lease lapses and the delivery goes out again (at least once).
            log.error("delivery_not_recorded", ["error": "\(error)"])
        }
        doorbell.ring()
    }

    /// Returns once every attempt started for a message's reply has ended and been recorded:
    /// before the store closes, and for tests.
    public func settle() async {
        await replyAttempts.wait()
    }

    /// Leases the next deliveries due, at most `limit`.
    func claim(limit: Int) async throws -> [OutboxDelivery] {
        let now = clock.now()
        return try await store.claimDeliveries(owner: owner, limit: limit, now: now, leaseUntil: now + Self.leaseDuration)
    }

    /// Enqueues a lifecycle event for `record`'s account. Never throws: a lifecycle delivery
    /// that cannot be stored is logged, and the change it announces stands.
    func notify(_ event: DeliveryPayload.Lifecycle, record: AuthorizerRecord) async {
        do {
            try await enqueueEvent(event.rawValue, accountKey: record.appID) { id, now in
                try DeliveryPayload.lifecycle(event, id: id, record: record, at: now)
            }
        } catch {
            logger.error("lifecycle_not_enqueued", ["type": event.rawValue, "authorizer_appid": record.appID, "error": "\(error)"])
        }
    }

    /// Enqueues an event of wxopen's own, `payload` made with the delivery's id and time. With
    /// `dedupeKey`, at most once while the key lives (`eventDedupeWindow`): what a caller that
    /// may enqueue again after a crash passes. False when the key was taken.
    @discardableResult
    func enqueueEvent(_ type: String, accountKey: String, dedupeKey: String? = nil,
                      payload: (_ id: String, _ now: Date) throws -> String) async throws -> Bool {
        let now = clock.now()
        let id = DeliveryPayload.newID()
        let delivery = OutboxDelivery(id: id, accountKey: accountKey, type: type, payload: try payload(id, now), createdAt: now)
        let dedupe = dedupeKey.map { DeliveryDedupe(key: Crypto.sha256Hex("event\n" + $0), expiresAt: now + Self.eventDedupeWindow) }
        guard case .enqueued = try await store.enqueueDelivery(delivery, dedupe: dedupe, lease: nil, now: now) else { return false }
        logger.info("lifecycle_enqueued", ["delivery_id": id, "type": type, "authorizer_appid": accountKey])
        doorbell.ring()
        return true
    }

    /// How long an event's dedupe key holds: past any restart that could enqueue it again.
    static let eventDedupeWindow: TimeInterval = 30 * 24 * 3600

    func noteDuplicate() { observer?(.duplicate) }

    static func seconds(since start: ContinuousClock.Instant) -> TimeInterval {
        let elapsed = (ContinuousClock.now - start).components
        return TimeInterval(elapsed.seconds) + TimeInterval(elapsed.attoseconds) / 1e18
    }
}
