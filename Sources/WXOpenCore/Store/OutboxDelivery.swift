import Foundation

/// One message or event on its way to the platform's services (`forwarding.url`): written to the
/// outbox before WeChat gets its answer, removed once the service accepted it (2xx).
///
/// Deliveries of one account go out in order: only the oldest of an account (lowest `sequence`)
/// can be claimed, the next one once it is gone. A claim is a lease (`leaseOwner` until
/// `leaseExpiresAt`) so that several instances on one database each take some, and a dead
/// instance's claims lapse by themselves.
///
/// `payload` is the JSON body posted to the service. It holds users' messages (personal data),
/// never a token; it is sealed with the store key at rest, like tokens.
public struct OutboxDelivery: Sendable, Equatable {
    /// Random, sent as `X-Wxopen-Delivery` on every attempt, so a service can drop a repeat.
    public var id: String
    /// Assigned by the store when it is enqueued: increasing across all deliveries, never reused
    /// while a delivery holding it is stored. What "oldest" means.
    public var sequence: Int64
    /// What the order is kept per: the authorizer appid (the component appid for a delivery that
    /// names no account).
    public var accountKey: String
    /// `message`, `authorizer.authorized`, … (`X-Wxopen-Event`).
    public var type: String
    public var payload: String
    public var createdAt: Date
    /// Failed attempts so far.
    public var attempts: Int
    /// Not claimable before this.
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    /// Why the last attempt failed (`HTTP 503`, `timed out after 10 s`, …); never a body.
    public var lastError: String?
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?

    public init(id: String, accountKey: String, type: String, payload: String, createdAt: Date, sequence: Int64 = 0,
                attempts: Int = 0, nextAttemptAt: Date? = nil, lastAttemptAt: Date? = nil, lastError: String? = nil,
                leaseOwner: String? = nil, leaseExpiresAt: Date? = nil) {
        self.id = id
        self.sequence = sequence
        self.accountKey = accountKey
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
    }

    /// Leased to someone at `now`.
    public func isLeased(at now: Date) -> Bool { leaseExpiresAt.map { $0 > now } ?? false }

    /// The order claims take deliveries in: earliest `nextAttemptAt`, then `sequence`.
    public static func claimOrder(_ a: OutboxDelivery, _ b: OutboxDelivery) -> Bool {
        (a.nextAttemptAt, a.sequence) < (b.nextAttemptAt, b.sequence)
    }
}

/// What deduplicates a message against WeChat's retries: an entry of `EntryNamespace.messageDedupe`
/// written in the same atomic step as the delivery, holding the delivery's id.
public struct DeliveryDedupe: Sendable, Equatable {
    public var key: String
    public var expiresAt: Date
}

/// A lease to take with a delivery as it is enqueued (see `Store.enqueueDelivery`).
public struct DeliveryLease: Sendable, Equatable {
    public var owner: String
    public var expiresAt: Date
}

/// What `enqueueDelivery` did.
public enum DeliveryEnqueueResult: Sendable, Equatable {
    /// Stored, with its sequence; leased to the caller when it asked and the delivery is the
    /// oldest of its account.
    case enqueued(OutboxDelivery)
    /// A live dedupe entry holds the key: nothing was stored. `deliveryID` is the one enqueued
    /// for the first copy.
    case duplicate(deliveryID: String)
}

/// One account's undelivered deliveries, as the console shows them.
public struct OutboxBacklog: Sendable, Equatable {
    /// The oldest: the one being (or next to be) delivered, with its attempts and last error.
    public var head: OutboxDelivery
    /// How many of the account's deliveries are stored, the head included.
    public var queued: Int

    public init(head: OutboxDelivery, queued: Int) {
        self.head = head
        self.queued = queued
    }
}

/// The outbox by state at one moment: metrics, `/readyz`, the console.
public struct OutboxCounts: Sendable, Equatable {
    /// Never attempted, not leased.
    public var pending = 0
    /// Attempted and failed at least once, not leased.
    public var retrying = 0
    /// Leased live (an attempt is running, or its instance died less than a lease ago).
    public var delivering = 0
    /// The `createdAt` of the oldest stored delivery.
    public var oldestCreatedAt: Date?
    /// The earliest `nextAttemptAt` among the accounts' oldest deliveries that are not leased:
    /// when a claim can next find something (nil: nothing waits).
    public var nextAttemptAt: Date?

    public var total: Int { pending + retrying + delivering }

    public init(pending: Int = 0, retrying: Int = 0, delivering: Int = 0, oldestCreatedAt: Date? = nil, nextAttemptAt: Date? = nil) {
        self.pending = pending
        self.retrying = retrying
        self.delivering = delivering
        self.oldestCreatedAt = oldestCreatedAt
        self.nextAttemptAt = nextAttemptAt
    }
}

extension EntryNamespace {
    /// Messages already accepted, by a hash of MsgId (or FromUserName + CreateTime + Event):
    /// WeChat's retries of them are answered without a second delivery.
    public static let messageDedupe = EntryNamespace("message_dedupe", secret: false)
}
