import Foundation
import WeChat
import WXOpenSupport

extension ComponentEventHandler {
    /// How far ahead of our clock a ticket's CreateTime may be. WeChat stamps CreateTime as it
    /// sends, and both clocks keep NTP time: a few seconds apart, minutes for a badly set one, is
    /// plausible; more is a wrong clock or a forgery by someone holding our keys. Ten minutes is
    /// also one push interval, so refusing beyond it loses at most a ticket that would not have
    /// been trusted anyway.
    static let maxTicketLead: TimeInterval = 10 * 60

    /// Stores a pushed ticket before the push is answered. Which ticket is kept (the most
    /// recently received) is the store's decision, made in its write step.
    ///
    /// A ticket dated too far in the future is refused but answered `success`: the push is
    /// authentic, so a retry would carry the same CreateTime and be refused again; the refusal
    /// is in the log and the event log instead.
    func receiveTicket(_ push: VerifyTicketPush, context: PushContext) async throws {
        let logger = context.logger
        let now = context.receivedAt
        let createTime = Date(timeIntervalSince1970: TimeInterval(push.createTime))
        let lead = createTime.timeIntervalSince(now)
        guard lead <= Self.maxTicketLead else {
            logger.warning("ticket_refused", [
                "component_appid": push.appID, "create_time": String(push.createTime), "ahead_s": String(Int(lead)),
                "reason": "CreateTime is more than \(Int(Self.maxTicketLead)) s ahead of this server's clock",
                "action": "answered success (a retry would be refused alike); check this server's clock",
            ])
            await platform.events.record("push.ticket_refused", outcome: "rejected",
                                         "component_verify_ticket dated \(Int(lead)) s ahead of this server's clock, refused")
            return
        }
        let ticket = StoredTicket(componentAppID: push.appID, ticket: push.ticket, receivedAt: now, createTime: createTime)
        switch try await platform.store.saveTicket(ticket) {
        case .kept:
            logger.info("ticket_kept_stored", ["component_appid": push.appID, "reason": "the stored one was received later"])
        case .stored(let previous):
            logger.info("ticket_stored", ["component_appid": push.appID, "ticket": Redaction.summary(push.ticket),
                                          "create_time": "\(push.createTime)"])
            // One ticket every 10 minutes would crowd the event log: record only the first one
            // and a resumption after a gap.
            guard let previous else {
                return await platform.events.record("push.component_verify_ticket", "first component_verify_ticket received")
            }
            let gap = now.timeIntervalSince(previous.receivedAt)
            if gap > 30 * 60 {
                await platform.events.record("push.component_verify_ticket", "ticket pushes resumed after \(Int(gap / 60)) minutes")
            }
        }
    }
}
