import Foundation
import WeChat
import WXOpenSupport

/// Keeps each official account's JS-SDK tickets (`jsapi`, and `wx_card` on request): fetched
/// with the authorizer token, stored sealed (entries in `jsapi_ticket`, keyed `appid|type`),
/// refreshed once less than `margin` is left, by one upstream call however many callers ask
/// at once. Several instances on one store refresh once too: the one that claims the entry
/// (compare-and-swap on its version) fetches, the others keep using the ticket they have, or
/// wait for the claimant's. WeChat's getticket quota is small, which is why this matters.
/// Tickets are served from memory (`TokenCache`) until the store announces a change to their
/// entry, which is why the namespace is announced.
public actor JSAPITicketManager {
    static let namespace = EntryNamespace("jsapi_ticket", secret: true, announced: true)

    /// A ticket as handed out.
    public struct Ticket: Sendable, Equatable {
        public var appID: String
        public var kind: JSAPITicket.Kind
        public var ticket: String
        public var expiresAt: Date
    }

    private let context: ServiceContext
    private let tokens: AuthorizerTokenManager
    public nonisolated let margin: TimeInterval
    /// How long a claim to refresh holds before another instance may take over (real seconds
    /// of waiting, too, when the claimant's clock and ours disagree).
    private let lease: TimeInterval
    private var inFlight: [String: Task<Ticket, any Error>] = [:]
    private nonisolated let cache = TokenCache<Held>()

    init(_ context: ServiceContext, tokens: AuthorizerTokenManager, margin: TimeInterval, lease: TimeInterval = 30) {
        self.context = context
        self.tokens = tokens
        self.margin = margin
        self.lease = lease
    }

    /// A ticket with more than the margin left, fetching one first when needed. The warm path
    /// reads memory and never enters the actor.
    public nonisolated func ticket(appID: String, kind: JSAPITicket.Kind = .jsapi) async throws -> Ticket {
        let key = Self.key(appID, kind)
        if let ticket = cache.value(key)?.ticket(appID: appID, kind: kind, usableAt: context.clock.now(), margin: margin) { return ticket }
        let held = try await cache.load(key) { [context] in
            try await context.store.entry(Self.namespace, key: key, now: context.clock.now()).flatMap(Held.init)
        }
        if let ticket = held?.ticket(appID: appID, kind: kind, usableAt: context.clock.now(), margin: margin) { return ticket }
        return try await refresh(appID: appID, kind: kind)
    }

    /// The store announced a change to the entry `key` (`appid|type`).
    public nonisolated func invalidate(key: String) {
        cache.remove(key)
    }

    /// Notices may have been missed: forget every ticket held.
    public nonisolated func invalidateAll() {
        cache.removeAll()
    }

    /// Refreshes unless a fresh ticket is stored by now (single flight per account and kind).
    public func refresh(appID: String, kind: JSAPITicket.Kind) async throws -> Ticket {
        let key = Self.key(appID, kind)
        if let running = inFlight[key] { return try await running.value }
        let task = Task { try await self.claimAndFetch(appID: appID, kind: kind) }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        return try await task.value
    }

    static func key(_ appID: String, _ kind: JSAPITicket.Kind) -> String { appID + "|" + kind.rawValue }

    /// Claims the entry and fetches, or uses what another instance holds or is fetching.
    private func claimAndFetch(appID: String, kind: JSAPITicket.Kind) async throws -> Ticket {
        let key = Self.key(appID, kind)
        for _ in 0..<4 {
            let now = context.clock.now()
            let entry = try await context.store.entry(Self.namespace, key: key, now: now)
            let held = entry.flatMap(Held.init)
            if let ticket = held?.ticket(appID: appID, kind: kind, usableAt: now, margin: margin) { return ticket }
            if let entry, let held, let until = held.refreshingUntil, until > now {
                // Another instance is fetching: its ticket of before is still good for a while.
                if let ticket = held.ticket(appID: appID, kind: kind, usableAt: now, margin: 0) { return ticket }
                if try await waitForChange(of: entry) { continue }
                // The claimant went quiet for a whole lease: take over from the entry as it is.
            }
            let claim = Held(ticket: held?.ticket, expiresAt: held?.expiresAt, refreshingUntil: now + lease)
            let write = try await context.store.writeEntry(Self.namespace, key: key, value: claim.json, expiresAt: claim.entryExpiry,
                                                           now: now, when: entry.map { .version($0.version) } ?? .absent)
            guard case .written(let claimed) = write else { continue }
            return try await fetch(appID: appID, kind: kind, claim: claimed, before: held)
        }
        // Claims kept colliding: a second upstream call beats failing the caller.
        context.logger.warning("jsapi_ticket_unclaimed", ["authorizer_appid": appID, "type": kind.rawValue])
        return try await fetch(appID: appID, kind: kind, claim: nil, before: nil)
    }

    /// Fetches and stores the ticket; `claim` is the entry this instance claimed (nil: none).
    private func fetch(appID: String, kind: JSAPITicket.Kind, claim: StoredEntry?, before: Held?) async throws -> Ticket {
        let key = Self.key(appID, kind)
        let client = context.client
        let fetched: JSAPITicket
        do {
            fetched = try await tokens.withToken(appID: appID) { token in try await client.jsapiTicket(authorizerToken: token, type: kind) }
        } catch {
            // Give the claim back, so that the next caller (here or elsewhere) tries at once.
            let released = Held(ticket: before?.ticket, expiresAt: before?.expiresAt, refreshingUntil: nil)
            if let claim, released.ticket == nil {
                _ = try? await context.store.deleteEntry(Self.namespace, key: key, ifVersion: claim.version)
            } else if let claim {
                _ = try? await context.store.writeEntry(Self.namespace, key: key, value: released.json, expiresAt: released.entryExpiry,
                                                        now: context.clock.now(), when: .version(claim.version))
            }
            context.logger.error("jsapi_ticket_failed", ["authorizer_appid": appID, "type": kind.rawValue, "error": "\(error)"])
            throw error
        }
        let now = context.clock.now()
        let ticket = Ticket(appID: appID, kind: kind, ticket: fetched.ticket, expiresAt: now + TimeInterval(fetched.expiresIn))
        let stored = Held(ticket: ticket.ticket, expiresAt: ticket.expiresAt, refreshingUntil: nil)
        let write = try await context.store.writeEntry(Self.namespace, key: key, value: stored.json, expiresAt: ticket.expiresAt, now: now,
                                                       when: claim.map { .version($0.version) } ?? .always)
        context.logger.info("jsapi_ticket_refreshed", ["authorizer_appid": appID, "type": kind.rawValue, "expires_in": "\(fetched.expiresIn)",
                                                       "ticket": Redaction.summary(ticket.ticket),
                                                       "stored": write.entry == nil ? "no: another instance took over" : "yes"])
        return ticket
    }

    /// Polls the entry until its version changes (true) or a lease's worth of real time passes
    /// (false). Real time, because the claimant may be another process whose clock is not ours.
    private func waitForChange(of entry: StoredEntry) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(lease * 1000))
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            let current = try await context.store.entry(Self.namespace, key: entry.key, now: context.clock.now())
            if current?.version != entry.version { return true }
        }
        return false
    }

    /// The entry's value: the ticket held (if any) and, while an instance fetches, until when its claim holds.
    struct Held: Codable, Equatable {
        var ticket: String?
        var expiresAt: Date?
        var refreshingUntil: Date?

        init(ticket: String?, expiresAt: Date?, refreshingUntil: Date?) {
            self.ticket = ticket
            self.expiresAt = expiresAt
            self.refreshingUntil = refreshingUntil
        }

        init?(_ entry: StoredEntry) {
            guard let held = EntryJSON.decode(Held.self, from: entry) else { return nil }
            self = held
        }

        func ticket(appID: String, kind: JSAPITicket.Kind, usableAt now: Date, margin: TimeInterval) -> Ticket? {
            guard let ticket, let expiresAt, expiresAt.timeIntervalSince(now) > margin else { return nil }
            return Ticket(appID: appID, kind: kind, ticket: ticket, expiresAt: expiresAt)
        }

        /// Kept while the ticket or the claim lasts.
        var entryExpiry: Date {
            max(expiresAt ?? .distantPast, refreshingUntil ?? .distantPast)
        }

        var json: String { EntryJSON.encode(self) }
    }
}
