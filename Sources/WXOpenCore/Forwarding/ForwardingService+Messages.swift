import Foundation
import WeChat
import WXOpenSupport

extension ForwardingService {
    /// What became of a message handed on.
    enum MessageForwarding: Sendable, Equatable {
        /// The service answered in time with a reply: this XML (before encryption) is WeChat's answer.
        case reply(String)
        /// Durable in the outbox (and maybe delivered already): WeChat gets `success`.
        case accepted
        /// WeChat sent a message again that is already in the outbox (or delivered): `success`.
        case duplicate
    }

    /// Writes the message to the outbox (with its dedupe entry, in one durable write) and, when
    /// it is its account's oldest delivery, posts it at once: if the service answers 2xx within
    /// the reply budget, its `reply` becomes WeChat's answer. The budget is `replyTimeoutMs`,
    /// cut so that WeChat's 5 s hold however long the request took to get here; a slow service
    /// is not waited for (its attempt runs on and is recorded when it ends). Throws only when
    /// the outbox cannot be written: then WeChat must get a 500 and send it again.
    func forward(_ message: AccountMessage, root: XMLElement, appID: String, context: PushContext) async throws -> MessageForwarding {
        let now = context.receivedAt
        let id = DeliveryPayload.newID()
        let delivery = OutboxDelivery(id: id, accountKey: appID, type: DeliveryPayload.messageType,
                                      payload: DeliveryPayload.message(id: id, appID: appID, receivedAt: now, root: root), createdAt: now)
        let result = try await store.enqueueDelivery(
            delivery, dedupe: DeliveryDedupe(key: Self.dedupeKey(message, appID: appID), expiresAt: now + Self.dedupeWindow),
            lease: DeliveryLease(owner: owner, expiresAt: now + Self.leaseDuration), now: now)
        let log = context.logger.with(["authorizer_appid": appID, "msg_type": message.msgType])
        guard case .enqueued(let stored) = result else {
            if case .duplicate(let first) = result { log.info("message_duplicate", ["delivery_id": first, "action": "already accepted; not delivered again"]) }
            noteDuplicate()
            return .duplicate
        }
        log.info("message_accepted", ["delivery_id": id])
        // An older delivery of the account is still waiting: this one goes after it, from the worker.
        guard stored.leaseOwner == owner else {
            doorbell.ring()
            return .accepted
        }
        let started = ContinuousClock.now
        let post = Task { await self.client.post(stored, timeout: Self.deliveryTimeout) }
        // WeChat's answer does not wait for the outcome to be written: the lease keeps the
        // delivery this attempt's until it is.
        replyAttempts.run { await self.record(await post.value, of: stored, startedAt: started) }
        let budget = Self.replyBudget(timeout: replyTimeout, elapsed: Self.seconds(since: context.arrivedAt))
        guard let outcome = await outcome(of: post, within: .milliseconds(Int(budget * 1000)), sleep: replyDeadline) else {
            log.info("reply_deadline_passed", ["delivery_id": id, "budget_ms": String(Int(budget * 1000)),
                                               "action": "answered success; the delivery finishes in the background"])
            return .accepted
        }
        guard case .accepted(let body) = outcome else { return .accepted }
        do {
            guard let reply = try ServiceReply.parse(body) else { return .accepted }
            log.info("reply_passed_through", ["delivery_id": id, "reply_type": reply.msgType])
            return .reply(reply.xml(answering: message, createTime: Int64(clock.now().timeIntervalSince1970)))
        } catch {
            log.warning("reply_invalid", ["delivery_id": id, "error": error.description, "action": "answered success"])
            return .accepted
        }
    }

    /// How long a reply may take: `timeout`, but never past `wechatDeadline` after arrival.
    static func replyBudget(timeout: TimeInterval, elapsed: TimeInterval) -> TimeInterval {
        max(0, min(timeout, wechatDeadline - elapsed))
    }

    /// MsgId when the message has one; otherwise (events) sender, CreateTime, Event and EventKey,
    /// which WeChat's retries repeat exactly. Hashed: the key is not personal data then.
    static func dedupeKey(_ message: AccountMessage, appID: String) -> String {
        let fields = message.fields
        if let msgID = fields["MsgId"] ?? fields["MsgID"], !msgID.isEmpty { return Crypto.sha256Hex("\(appID)\n\(msgID)") }
        return Crypto.sha256Hex([appID, message.fromUserName, String(message.createTime), fields["Event"] ?? "",
                                 fields["EventKey"] ?? ""].joined(separator: "\n"))
    }
}
