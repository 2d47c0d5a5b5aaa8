import Foundation
import WeChat

/// The template library and mini programs' reviews, as tests and the demo drive them: a draft
/// "uploaded with the developer tools", a review decided (approved, rejected with a reason,
/// delayed) and its result pushed to the platform's message URL as WeChat pushes it.
extension WeChatSimulator {
    /// Who WeChat's audit pushes come from (a system account's openid).
    public static let auditPushSender = "od1P50M-fNQI5Gcq-trm4a7apsU8"

    /// A draft in the draft box; returns its draft_id.
    @discardableResult
    public func createDraft(userVersion: String, userDesc: String = "") -> Int {
        let now = clock.now()
        return state.withLock { $0.code.library.addDraft(userVersion: userVersion, userDesc: userDesc, now: now).id }
    }

    /// A draft made a template at once (what `wxa/addtotemplate` does); returns its template_id.
    public func createTemplate(userVersion: String, userDesc: String = "", type: Int = 0) -> Int {
        let now = clock.now()
        return state.withLock { state in
            let draft = state.code.library.addDraft(userVersion: userVersion, userDesc: userDesc, now: now)
            guard let template = try? state.code.library.addTemplate(fromDraft: draft.id, type: type, now: now) else {
                preconditionFailure("the simulator's library is full")
            }
            return template.id
        }
    }

    /// What the mini program's code is now; nil before anything was committed.
    public func code(of appID: String) -> SimulatedCode? { state.withLock { $0.code.code(appID) } }

    /// Decides `appID`'s open review and, with `push`, pushes the result. Throws when no review
    /// is open. Returns the push's attempt (nil without `push`).
    @discardableResult
    public func decideAudit(appID: String, outcome: SimulatedCode.Audit.Outcome, reason: String? = nil, screenshots: [String] = [],
                            push: Bool = true) async throws(SimulatorError) -> PushDelivery? {
        guard outcome == .approved || outcome == .rejected || outcome == .delayed else {
            throw .invalidConfiguration("an audit is decided approved, rejected or delayed")
        }
        let decided = state.withLock { $0.code.decide(appID: appID, outcome: outcome, reason: reason, screenshots: screenshots) }
        guard let decided else { throw .notAuditing(appID) }
        return push ? await pushAuditResult(appID: appID, audit: decided) : nil
    }

    /// Approves (and pushes) every review whose `auditDecisionDelay` has passed; returns how many.
    @discardableResult
    public func settleAudits() async -> Int {
        let now = clock.now()
        let decided = state.withLock { $0.code.decideDue(now: now) }
        for item in decided { await pushAuditResult(appID: item.appID, audit: item.audit) }
        return decided.count
    }

    /// `weapp_audit_success` (`SuccTime`), `weapp_audit_fail` (`Reason`, `FailTime`, `ScreenShot`)
    /// or `weapp_audit_delay` (`Reason`, `DelayTime`), encrypted like every account message.
    @discardableResult
    func pushAuditResult(appID: String, audit: SimulatedCode.Audit) async -> PushDelivery? {
        guard let account = account(appID), let url = configuration.messageURL(for: appID) else { return nil }
        let now = Int64(clock.now().timeIntervalSince1970)
        var fields: [(String, XMLValue)] = [
            ("ToUserName", .text(account.userName)), ("FromUserName", .text(Self.auditPushSender)), ("CreateTime", .number(now)),
            ("MsgType", .text("event")),
        ]
        switch audit.outcome {
        case .approved: fields += [("Event", .text("weapp_audit_success")), ("SuccTime", .number(now))]
        case .rejected:
            fields += [("Event", .text("weapp_audit_fail")), ("Reason", .text(audit.reason ?? "")), ("FailTime", .number(now)),
                       ("ScreenShot", .text(audit.screenshots.joined(separator: "|")))]
        case .delayed: fields += [("Event", .text("weapp_audit_delay")), ("Reason", .text(audit.reason ?? "")), ("DelayTime", .number(now))]
        case .auditing, .withdrawn: return nil
        }
        let exchange = await pushSender.post(WeChatXML.render(fields), infoType: "message",
                                             addressee: .account(userName: account.userName, senderOpenID: Self.auditPushSender),
                                             to: url, attempt: 1, accept: PushSender.acceptsSuccessOrEmpty)
        if exchange.delivery.succeeded { state.withLock { $0.code.markPushed(appID: appID, auditID: audit.id) } }
        return exchange.delivery
    }
}
