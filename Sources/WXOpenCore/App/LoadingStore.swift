import Foundation
import HTTPServer
import Synchronization

/// The store while it loads: `PlatformApp` is built around this and listens at once (so that
/// `/healthz` answers while a million accounts load), and every call is passed on to the real
/// store once `open` has it. Until then the routes that would call it answer 503 "loading"
/// (`StartupGate`), so a call that gets here early is a bug, and fails saying so.
final class LoadingStore: Store {
    private let opened = Mutex<(any Store)?>(nil)
    /// The real store's notices, passed on from `open`: the caches subscribe here before there is
    /// a real store, and nothing is cached until then (every route that reads waits).
    let notices = StoreNotices()

    func open(_ store: any Store) {
        let relay = notices
        store.notices.subscribe { relay.publish($0) }
        opened.withLock { $0 = store }
    }

    private var store: any Store {
        get throws {
            guard let store = opened.withLock({ $0 }) else {
                throw StoreError.io(path: "(loading)", operation: "use the store before it finished loading", errno: EAGAIN)
            }
            return store
        }
    }

    func ticket(componentAppID: String) async throws -> StoredTicket? { try await store.ticket(componentAppID: componentAppID) }
    func saveTicket(_ ticket: StoredTicket) async throws -> TicketSaveResult { try await store.saveTicket(ticket) }
    func componentToken(componentAppID: String) async throws -> StoredComponentToken? {
        try await store.componentToken(componentAppID: componentAppID)
    }
    func saveComponentToken(_ token: StoredComponentToken) async throws { try await store.saveComponentToken(token) }
    func deleteComponentToken(componentAppID: String, ifToken token: String) async throws {
        try await store.deleteComponentToken(componentAppID: componentAppID, ifToken: token)
    }
    func authorizer(appID: String) async throws -> AuthorizerRecord? { try await store.authorizer(appID: appID) }
    func updateAuthorizer(appID: String, _ change: @Sendable (AuthorizerRecord?) throws -> AuthorizerRecord?) async throws
        -> AuthorizerRecord? {
        try await store.updateAuthorizer(appID: appID, change)
    }
    func listAuthorizers(_ query: AuthorizerQuery) async throws -> AuthorizerPage { try await store.listAuthorizers(query) }
    func authorizerCounts() async throws -> AuthorizerCounts { try await store.authorizerCounts() }
    func rawInfo(appID: String) async throws -> String? { try await store.rawInfo(appID: appID) }
    func appendEvent(_ event: EventRecord) async throws -> EventRecord { try await store.appendEvent(event) }
    func events(_ query: EventQuery) async throws -> EventPage { try await store.events(query) }
    func eventCounts(since: Date) async throws -> [EventHourCount] { try await store.eventCounts(since: since) }
    func entry(_ namespace: EntryNamespace, key: String, now: Date) async throws -> StoredEntry? {
        try await store.entry(namespace, key: key, now: now)
    }
    func writeEntry(_ namespace: EntryNamespace, key: String, value: String, expiresAt: Date, now: Date,
                    when condition: EntryCondition) async throws -> EntryWrite {
        try await store.writeEntry(namespace, key: key, value: value, expiresAt: expiresAt, now: now, when: condition)
    }
    func deleteEntry(_ namespace: EntryNamespace, key: String, ifVersion version: Int64?) async throws -> Bool {
        try await store.deleteEntry(namespace, key: key, ifVersion: version)
    }
    func entries(_ namespace: EntryNamespace, keyPrefix: String, after: String?, limit: Int, now: Date) async throws -> [StoredEntry] {
        try await store.entries(namespace, keyPrefix: keyPrefix, after: after, limit: limit, now: now)
    }
    func claimEntries(_ namespace: EntryNamespace, keys: [String], value: String, expiresAt: Date, now: Date) async throws
        -> [StoredEntry] {
        try await store.claimEntries(namespace, keys: keys, value: value, expiresAt: expiresAt, now: now)
    }
    func close() async {
        await opened.withLock { $0 }?.close()
    }
    func enqueueDelivery(_ delivery: OutboxDelivery, dedupe: DeliveryDedupe?, lease: DeliveryLease?, now: Date) async throws
        -> DeliveryEnqueueResult {
        try await store.enqueueDelivery(delivery, dedupe: dedupe, lease: lease, now: now)
    }
    func claimDeliveries(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [OutboxDelivery] {
        try await store.claimDeliveries(owner: owner, limit: limit, now: now, leaseUntil: leaseUntil)
    }
    func completeDelivery(id: String) async throws -> Bool { try await store.completeDelivery(id: id) }
    func failDelivery(id: String, owner: String, error: String, nextAttemptAt: Date, now: Date) async throws -> OutboxDelivery? {
        try await store.failDelivery(id: id, owner: owner, error: error, nextAttemptAt: nextAttemptAt, now: now)
    }
    func retryDeliveries(id: String?, now: Date) async throws -> Int { try await store.retryDeliveries(id: id, now: now) }
    func outboxBacklog(limit: Int) async throws -> [OutboxBacklog] { try await store.outboxBacklog(limit: limit) }
    func outboxCounts(now: Date) async throws -> OutboxCounts { try await store.outboxCounts(now: now) }
}

/// Whether the store is open: until it is, every route but `/healthz` and `/readyz` answers
/// 503 "loading" (`gated`). One atomic load per request.
final class StartupGate: Sendable {
    private let isOpenFlag: Atomic<Bool>

    init(open: Bool) {
        isOpenFlag = Atomic(open)
    }

    var isOpen: Bool { isOpenFlag.load(ordering: .acquiring) }
    func open() { isOpenFlag.store(true, ordering: .releasing) }

    /// The routes that answer while the store loads.
    static let openWhileLoading: Set<String> = ["/healthz", "/readyz"]

    /// `router` with every route but health and readiness answering 503 until `gate` opens.
    static func gated(_ router: Router, by gate: StartupGate) -> Router {
        router.mapHandlers { route in
            let handler = route.handler
            if openWhileLoading.contains(route.pattern) { return handler }
            return { request in gate.isOpen ? try await handler(request) : loading(path: request.path) }
        }
    }

    /// 503 with `Retry-After`: the API's error shape under `/api/`, plain text elsewhere.
    static func loading(path: String) -> HTTPResponse {
        let message = "the store is still loading; try again in a few seconds"
        let json = path.hasPrefix("/api/")
        let body = json ? #"{"error":{"code":"loading","message":"\#(message)"}}"# : "loading: \(message)\n"
        return HTTPResponse(status: .serviceUnavailable, headers: [
            "Content-Type": json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8", "Retry-After": "5",
            "Cache-Control": "no-store",
        ], body: .data(Data(body.utf8)))
    }
}
