import Foundation

/// One mini program's progress through a rollout. Every step is written before its WeChat call
/// (the phase ending in `-ing`, with `intentAt`) and after it, so that a restart finds a call
/// that may have taken effect and checks it with WeChat before making it again.
///
///     pending ─commit→ committing ─ok→ committed ─submit→ submitting ─auditid→ auditing
///     auditing ─push / poll→ approved | audit_failed | audit_delayed (→ approved | audit_failed)
///     approved ─(auto_release or "release")→ releasing ─ok→ released
///     any step ─WeChat refused→ failed (retry: back to where it failed); audit_failed (retry: pending)
struct RolloutAccount: Codable, Sendable, Equatable {
    enum Phase: String, Codable, Sendable, CaseIterable {
        case pending, committing, committed, submitting, auditing, auditDelayed = "audit_delayed", approved
        case auditFailed = "audit_failed", releasing, released, failed

        /// What the API and the console show: an in-flight phase as the one before it.
        var state: PublicState {
            switch self {
            case .pending, .committing: .pending
            case .committed, .submitting: .committed
            case .auditing: .auditing
            case .auditDelayed: .auditDelayed
            case .approved, .releasing: .approved
            case .auditFailed: .auditFailed
            case .released: .released
            case .failed: .failed
            }
        }

        /// Nothing more happens to the account unless an operator retries it.
        var isFinal: Bool { self == .released || self == .auditFailed || self == .failed }
    }

    /// The states of the API's `counts` and `accounts[].state`.
    enum PublicState: String, Codable, Sendable, CaseIterable {
        case pending, committed, auditing, auditDelayed = "audit_delayed", approved, auditFailed = "audit_failed", released, failed
    }

    var appID: String
    var phase: Phase
    /// Raised by each retry: what a lifecycle delivery's dedupe key counts, so a retried
    /// account's second release is announced too.
    var cycle = 0
    /// When the in-flight call's intent was written: a commit, submit or release WeChat reports
    /// as done since then (less a clock allowance) was ours.
    var intentAt: Date?
    var auditID: Int64?
    var submittedAt: Date?
    /// WeChat's rejection (or delay) reason: may hold markup; escaped wherever shown.
    var reason: String?
    var screenshots: [String] = []
    /// Why the last attempt failed (or was put off), for the operator.
    var error: String?
    var errcode: Int?
    /// Where a retry of a failed account starts again.
    var failedPhase: Phase?
    /// Not worked on (nor polled) before this.
    var nextAttemptAt: Date
    var leaseOwner: String?
    var leaseUntil: Date?
    /// "Release the approved ones now" reached this account (when the rollout does not auto-release).
    var releaseRequested = false
    /// A lifecycle delivery (`release.account_audit_failed`, `release.account_released`) still
    /// to be handed to the outbox.
    var notice: String?
    var updatedAt: Date

    init(appID: String, at now: Date) {
        self.appID = appID
        phase = .pending
        nextAttemptAt = now
        updatedAt = now
    }

    func isLeased(at now: Date) -> Bool { leaseUntil.map { $0 > now } ?? false }

    /// Back to `phase`, idle, nothing failed.
    mutating func settle(_ phase: Phase, at now: Date, next: Date? = nil) {
        self.phase = phase
        intentAt = nil
        leaseOwner = nil
        leaseUntil = nil
        error = nil
        errcode = nil
        nextAttemptAt = next ?? now
        updatedAt = now
    }
}
