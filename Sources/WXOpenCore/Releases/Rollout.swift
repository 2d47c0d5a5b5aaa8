import Foundation

/// One rollout: a template committed to many mini programs, each with its own ext_json, submitted
/// for review and released. Stored as an entry of `ReleaseStore.rollouts` (kept until deleted);
/// its accounts are entries of their own (`RolloutAccount`), so that each step of each account
/// is one compare-and-swap.
struct Rollout: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable, CaseIterable {
        /// Accounts are committed, submitted and released as they come due.
        case running
        /// Nothing new is sent to WeChat (commits, submits, releases); reviews under way are
        /// still followed, and their results recorded.
        case paused
        /// Every account reached an end (released, rejected or failed); a retry reopens it.
        case finished
    }

    var id: String
    var templateID: Int
    var userVersion: String
    var userDesc: String
    /// The request's ext_json as JSON text, placeholders (`{{authorizer_appid}}`, …) unreplaced.
    var extJSON: String
    var autoRelease: Bool
    /// Server domains to set (`wxa/modify_domain`, action `set`) before the commit, by kind.
    var domains: [String: [String]]?
    /// Web-view domains to set (`wxa/setwebviewdomain`) before the commit.
    var webviewDomains: [String]?
    /// `wxa/submit_audit`'s body members (`item_list`, `version_desc`, …) as JSON text.
    var auditOptions: String?
    var accountCount: Int
    /// Official accounts left out of `"authorizers": "all"`.
    var skippedOfficialAccounts: Int
    var state: State
    /// Why it was paused (an operator, or WeChat's monthly review quota).
    var pauseReason: String?
    /// Who started it: an API key's name or a console user.
    var createdBy: String
    var createdAt: Date
    var updatedAt: Date
    var finishedAt: Date?
    /// How many times it finished: each finish is announced once (`release.finished`).
    var finishes = 0
    /// `release.finished` is still to be handed to the outbox.
    var finishPending = false
}
