import Foundation
import WXOpenSupport

/// Logins in progress (by `state`) and login tickets waiting to be redeemed, in the store
/// (`ExpiringTable`): WeChat may bring the browser back to another instance than the one that
/// started the login, and the app's backend may redeem the ticket at a third. A restart loses
/// none of them. The store holds each under the SHA-256 of its state or ticket, sealed.
struct WebLoginLedger: Sendable {
    /// WeChat's codes live 5 minutes; a person may linger on the consent page before that.
    static let stateLifetime: TimeInterval = 600
    /// The app's backend redeems the ticket as soon as the browser arrives.
    static let ticketLifetime: TimeInterval = 300
    /// Per table and instance: what one instance keeps at most (a flood of starts drops the
    /// oldest attempts, as an in-memory table would).
    static let defaultCapacity = 100_000
    static let attemptsNamespace = EntryNamespace("web_login_attempt", secret: true)
    static let ticketsNamespace = EntryNamespace("web_login_ticket", secret: true)

    private let clock: any WallClock
    private let attempts: ExpiringTable<WebLoginAttempt>
    private let tickets: ExpiringTable<WebLoginIdentity>

    init(store: any Store, clock: any WallClock, capacity: Int = WebLoginLedger.defaultCapacity) {
        self.clock = clock
        attempts = ExpiringTable(store: store, namespace: Self.attemptsNamespace, lifetime: Self.stateLifetime, capacity: capacity)
        tickets = ExpiringTable(store: store, namespace: Self.ticketsNamespace, lifetime: Self.ticketLifetime, capacity: capacity)
    }

    /// Remembers the attempt; returns its new `state`.
    func begin(_ attempt: WebLoginAttempt) async throws -> String {
        let state = WebLoginSecrets.state()
        try await attempts.insert(state, attempt, now: clock.now())
        return state
    }

    /// The attempt, once. Anything but `.value` means the callback must be refused.
    func finish(state: String) async throws -> ExpiringTable<WebLoginAttempt>.Taken {
        guard WebLoginSecrets.isState(state) else { return .unknown }
        return try await attempts.take(state, now: clock.now())
    }

    /// Holds the identity; returns its new ticket.
    func issue(_ identity: WebLoginIdentity) async throws -> String {
        let ticket = WebLoginSecrets.ticket()
        try await tickets.insert(ticket, identity, now: clock.now())
        return ticket
    }

    /// The identity, once.
    func redeem(ticket: String) async throws -> ExpiringTable<WebLoginIdentity>.Taken {
        guard WebLoginSecrets.isTicket(ticket) else { return .unknown }
        return try await tickets.take(ticket, now: clock.now())
    }
}
