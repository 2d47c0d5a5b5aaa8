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

    /// Logins in progress, by `state`: `attempts.insert(attempt)` gives the state, and
    /// `attempts.take(state)` the attempt once (anything but `.value` refuses the callback).
    let attempts: ExpiringTable<WebLoginAttempt>
    /// Identities waiting for the app's backend, by ticket, each redeemed once.
    let tickets: ExpiringTable<WebLoginIdentity>

    init(store: any Store, clock: any WallClock, capacity: Int = WebLoginLedger.defaultCapacity) {
        attempts = ExpiringTable(store: store, namespace: Self.attemptsNamespace, lifetime: Self.stateLifetime, capacity: capacity,
                                 kind: .loginState, clock: clock)
        tickets = ExpiringTable(store: store, namespace: Self.ticketsNamespace, lifetime: Self.ticketLifetime, capacity: capacity,
                                kind: .loginTicket, clock: clock)
    }
}
