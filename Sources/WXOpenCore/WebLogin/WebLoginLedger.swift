import Foundation
import WXOpenSupport

/// Logins in progress (by `state`) and login tickets waiting to be redeemed, in memory.
///
/// Nothing here is persisted, on purpose: both live minutes, and a restart only loses the logins
/// in progress at that moment (the person taps the link again). Keeping them out of the store
/// also keeps codes' and tickets' traces off the disk.
actor WebLoginLedger {
    /// WeChat's codes live 5 minutes; a person may linger on the consent page before that.
    static let stateLifetime: TimeInterval = 600
    /// The app's backend redeems the ticket as soon as the browser arrives.
    static let ticketLifetime: TimeInterval = 300
    /// Per table. An entry takes roughly 300 bytes plus its return_to (at most 2 KB): a full
    /// attempts table is some 50 MB with typical links, about 230 MB in the worst case.
    static let defaultCapacity = 100_000

    private let clock: any WallClock
    private var attempts: ExpiringTable<WebLoginAttempt>
    private var tickets: ExpiringTable<WebLoginIdentity>

    init(clock: any WallClock, capacity: Int = WebLoginLedger.defaultCapacity) {
        self.clock = clock
        attempts = ExpiringTable(lifetime: Self.stateLifetime, capacity: capacity)
        tickets = ExpiringTable(lifetime: Self.ticketLifetime, capacity: capacity)
    }

    /// Remembers the attempt; returns its new `state`.
    func begin(_ attempt: WebLoginAttempt) -> String {
        let state = WebLoginSecrets.state()
        attempts.insert(state, attempt, now: clock.now())
        return state
    }

    /// The attempt, once. Anything but `.value` means the callback must be refused.
    func finish(state: String) -> ExpiringTable<WebLoginAttempt>.Taken {
        guard WebLoginSecrets.isState(state) else { return .unknown }
        return attempts.take(state, now: clock.now())
    }

    /// Holds the identity; returns its new ticket.
    func issue(_ identity: WebLoginIdentity) -> String {
        let ticket = WebLoginSecrets.ticket()
        tickets.insert(ticket, identity, now: clock.now())
        return ticket
    }

    /// The identity, once.
    func redeem(ticket: String) -> ExpiringTable<WebLoginIdentity>.Taken {
        guard WebLoginSecrets.isTicket(ticket) else { return .unknown }
        return tickets.take(ticket, now: clock.now())
    }
}
