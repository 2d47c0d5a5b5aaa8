import Foundation
import WeChat

/// A ticket push and what became of it.
public struct TicketPush: Sendable, Equatable {
    public var ticket: String
    public var issuedAt: Date
    /// Every attempt, the successful one last when there was one.
    public var deliveries: [PushDelivery]

    public var delivered: Bool { deliveries.last?.succeeded == true }
}

/// component_verify_ticket: issued and pushed at start, every `ticketInterval`, after
/// `api_start_push_ticket`, and on demand.
extension WeChatSimulator {
    /// Issues a ticket and pushes it, encrypted, to the event URL, retrying like WeChat when
    /// the platform does not answer `success`. The ticket stays valid even if no push got through.
    @discardableResult
    public func pushTicket() async -> TicketPush {
        let now = clock.now()
        let ticket = issueTicket()
        let push = ComponentPush.verifyTicket(appID: configuration.componentAppID, createTime: Self.pushTime(now), ticket: ticket)
        let deliveries = await pushSender.deliverPush(push.renderXML(), infoType: push.infoType,
                                                      componentAppID: configuration.componentAppID, to: configuration.eventURL)
        return TicketPush(ticket: ticket, issuedAt: now, deliveries: deliveries)
    }

    /// Issues a ticket without pushing it, for tests that call the API directly.
    public func issueTicket() -> String {
        let now = clock.now()
        return state.withLock { $0.tickets.issue(now: now, lifetime: $0.settings.ticketLifetime) }
    }

    /// The newest ticket issued, if any.
    public var latestTicket: String? { state.withLock { $0.tickets.latest } }

    /// A time as a push writes it (CreateTime, AuthorizationCodeExpiredTime): Unix seconds.
    static func pushTime(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970) }
}
