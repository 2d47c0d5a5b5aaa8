import Foundation

/// One mini program's code as the simulated WeChat holds it: what was committed, its reviews,
/// what is released. Public so tests can check what the platform did (one commit per rollout).
public struct SimulatedCode: Sendable, Equatable {
    public struct Version: Sendable, Equatable {
        public var templateID: Int
        public var userVersion: String
        public var userDesc: String
        /// The ext_json text as committed.
        public var extJSON: String
        public var time: Date
    }

    public struct Audit: Sendable, Equatable {
        public enum Outcome: Int, Sendable, Equatable {
            case approved = 0, rejected = 1, auditing = 2, withdrawn = 3, delayed = 4
        }

        public var id: Int64
        public var userVersion: String
        public var userDesc: String
        /// The submit_audit body's members other than the token, as text, for tests.
        public var options: String
        public var submittedAt: Date
        public var outcome: Outcome
        public var reason: String?
        public var screenshots: [String]
        /// Decided on its own (approved) at this time, when the configuration asks for it.
        public var decideAt: Date?
        /// The result was pushed to the platform's message URL.
        public var pushed: Bool
        /// Expedited with `wxa/speedupaudit`.
        public var spedUp = false

        var isOpen: Bool { outcome == .auditing || outcome == .delayed }
    }

    /// Every `wxa/commit` that succeeded.
    public internal(set) var commits = 0
    public internal(set) var experience: Version?
    /// Oldest first.
    public internal(set) var audits: [Audit] = []
    public internal(set) var released: Version?
    /// The audit whose version is released (a release needs a newer approved one).
    public internal(set) var releasedAuditID: Int64?
    /// Earlier releases, newest last, for `revertcoderelease`.
    public internal(set) var history: [Version] = []
    /// Server domains by kind (`requestdomain`, …) and web-view domains.
    public internal(set) var domains: [String: [String]] = [:]
    public internal(set) var webviewDomains: [String] = []
    /// Every `wxa/release` that succeeded.
    public internal(set) var releases = 0

    public var latestAudit: Audit? { audits.last }
}
