import Foundation

/// Mini programs' code in the simulated WeChat, by appid, with WeChat's rules and error codes:
/// a commit needs a template and an ext_json whose `extAppid` is the mini program; one review at
/// a time (85009); a release needs the latest review approved (85019, 85020) and not released
/// yet (85052).
struct CodeLedger {
    var library = TemplateLibrary()
    private(set) var accounts: [String: SimulatedCode] = [:]
    private var nextAuditID: Int64 = 420_000_001
    private var undos: [String: Int] = [:]

    /// WeChat: 5 withdrawals a day, 10 a month; the simulator counts 10 per account in all.
    static let undoLimit = 10
    /// WeChat: at most 64 characters.
    static let userVersionLimit = 64

    func code(_ appID: String) -> SimulatedCode? { accounts[appID] }

    mutating func commit(appID: String, templateID: Int?, extJSON: String?, userVersion: String?, userDesc: String?,
                         now: Date) throws(APIError) {
        guard let template = library.template(templateID) else { throw .invalidTemplateID }
        guard let userVersion, !userVersion.isEmpty, userVersion.count <= Self.userVersionLimit, let userDesc else { throw .invalidArgs }
        guard let extJSON, let object = (try? JSONSerialization.jsonObject(with: Data(extJSON.utf8))) as? [String: Any] else {
            throw .extJSONUnparsable
        }
        guard object["extAppid"] as? String == appID else { throw .extJSONInvalid }
        if template.type == 1, !Set(object.keys).isSubset(of: ["extAppid", "ext", "window"]) { throw .extJSONInvalid }
        accounts[appID, default: SimulatedCode()].experience = SimulatedCode.Version(
            templateID: template.id, userVersion: userVersion, userDesc: userDesc, extJSON: extJSON, time: now)
        accounts[appID]!.commits += 1
    }

    /// 85086 nothing committed, 85009 a review still open, 61039 the code check after a commit
    /// (`codeCheck` seconds) not finished.
    mutating func submitAudit(appID: String, options: String, now: Date, codeCheck: TimeInterval,
                              decideAfter: TimeInterval?) throws(APIError) -> Int64 {
        guard let code = accounts[appID], let experience = code.experience else { throw .mustCommitFirst }
        if code.latestAudit?.isOpen == true { throw .alreadyAuditing }
        if now < experience.time.addingTimeInterval(codeCheck) { throw .codeCheckPending }
        let id = nextAuditID
        nextAuditID += 1
        accounts[appID]!.audits.append(SimulatedCode.Audit(
            id: id, userVersion: experience.userVersion, userDesc: experience.userDesc, options: options, submittedAt: now,
            outcome: .auditing, reason: nil, screenshots: [], decideAt: decideAfter.map { now.addingTimeInterval($0) }, pushed: false))
        return id
    }

    /// The experience version's pages (every simulated template has `TemplateLibrary.pages`);
    /// 86001 nothing committed.
    func pages(appID: String) throws(APIError) -> [String] {
        guard accounts[appID]?.experience != nil else { throw .noExperienceVersion }
        return TemplateLibrary.pages
    }

    /// 85012 unless `id` is this mini program's review in progress.
    mutating func speedUp(appID: String, auditID id: Int64?) throws(APIError) {
        guard let id, let index = accounts[appID]?.audits.firstIndex(where: { $0.id == id && $0.isOpen }) else { throw .invalidAuditID }
        accounts[appID]!.audits[index].spedUp = true
    }

    /// 85012 an auditid this mini program never got.
    func audit(appID: String, id: Int64?) throws(APIError) -> SimulatedCode.Audit {
        guard let id, let audit = accounts[appID]?.audits.first(where: { $0.id == id }) else { throw .invalidAuditID }
        return audit
    }

    /// 85058 no review yet.
    func latestAudit(appID: String) throws(APIError) -> SimulatedCode.Audit {
        guard let audit = accounts[appID]?.latestAudit else { throw .noAuditExists }
        return audit
    }

    /// 87013 past the limit; 87012 nothing open to withdraw.
    mutating func undoAudit(appID: String) throws(APIError) {
        guard let index = accounts[appID]?.audits.lastIndex(where: \.isOpen) else { throw .forbidRevert }
        guard undos[appID, default: 0] < Self.undoLimit else { throw .undoQuota }
        undos[appID, default: 0] += 1
        accounts[appID]!.audits[index].outcome = .withdrawn
        accounts[appID]!.audits[index].decideAt = nil
    }

    mutating func release(appID: String, now: Date) throws(APIError) {
        guard let audit = accounts[appID]?.latestAudit else { throw .noVersionAuditing }
        guard audit.outcome == .approved else { throw .releaseStatusNotAllowed }
        guard accounts[appID]!.releasedAuditID != audit.id else { throw .alreadyReleased }
        let code = accounts[appID]!
        if let released = code.released { accounts[appID]!.history.append(released) }
        accounts[appID]!.released = SimulatedCode.Version(
            templateID: code.experience?.templateID ?? 0, userVersion: audit.userVersion, userDesc: audit.userDesc,
            extJSON: code.experience?.extJSON ?? "", time: now)
        accounts[appID]!.releasedAuditID = audit.id
        accounts[appID]!.releases += 1
    }

    /// 87012 no earlier release to go back to.
    mutating func revertRelease(appID: String) throws(APIError) {
        guard let previous = accounts[appID]?.history.popLast() else { throw .forbidRevert }
        accounts[appID]!.released = previous
    }

    /// Decides `appID`'s open review; nil when none is open.
    mutating func decide(appID: String, outcome: SimulatedCode.Audit.Outcome, reason: String?,
                         screenshots: [String]) -> SimulatedCode.Audit? {
        guard let index = accounts[appID]?.audits.lastIndex(where: \.isOpen) else { return nil }
        accounts[appID]!.audits[index].outcome = outcome
        accounts[appID]!.audits[index].reason = reason
        accounts[appID]!.audits[index].screenshots = screenshots
        accounts[appID]!.audits[index].decideAt = nil
        return accounts[appID]!.audits[index]
    }

    /// Approves every open review (of `only`, when given) whose time to decide has come; returns
    /// them with their appids.
    mutating func decideDue(now: Date, only: String? = nil) -> [(appID: String, audit: SimulatedCode.Audit)] {
        var decided: [(String, SimulatedCode.Audit)] = []
        for (appID, code) in accounts where only == nil || only == appID {
            for audit in code.audits where audit.isOpen && audit.decideAt.map({ $0 <= now }) == true {
                if let made = decide(appID: appID, outcome: .approved, reason: nil, screenshots: []) { decided.append((appID, made)) }
            }
        }
        return decided
    }

    mutating func markPushed(appID: String, auditID: Int64) {
        guard let index = accounts[appID]?.audits.firstIndex(where: { $0.id == auditID }) else { return }
        accounts[appID]!.audits[index].pushed = true
    }

    mutating func setDomains(appID: String, action: String, domains: [String: [String]]) {
        var current = accounts[appID, default: SimulatedCode()].domains
        for (kind, list) in domains {
            switch action {
            case "set": current[kind] = list
            case "add": current[kind] = (current[kind] ?? []) + list.filter { !(current[kind] ?? []).contains($0) }
            case "delete": current[kind] = (current[kind] ?? []).filter { !list.contains($0) }
            default: break
            }
        }
        accounts[appID, default: SimulatedCode()].domains = current
    }

    mutating func setWebviewDomains(appID: String, action: String, domains: [String]) {
        var current = accounts[appID, default: SimulatedCode()].webviewDomains
        switch action {
        case "set": current = domains
        case "add": current += domains.filter { !current.contains($0) }
        case "delete": current = current.filter { !domains.contains($0) }
        default: break
        }
        accounts[appID, default: SimulatedCode()].webviewDomains = current
    }
}
