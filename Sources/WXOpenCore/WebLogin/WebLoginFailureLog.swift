import Foundation
import WXOpenSupport

/// Records failed web logins in the event log as `weblogin.failed`. Anyone can make a login fail
/// (a forged state, a made-up appid), so the bounded event log gets at most one entry a minute:
/// the first failure at once, later ones summarised with the next entry. Successes are not
/// recorded at all; every step, failed or not, is in the server log.
actor WebLoginFailureLog {
    static let window: TimeInterval = 60

    private let events: EventRecorder
    private let clock: any WallClock
    private var windowStart: Date?
    /// By reason: a handful of fixed words, so this stays small however many fail.
    private var pending: [String: Int] = [:]
    /// The account every pending failure concerns; nil once they concern several (or none).
    private var commonAppID: String?
    private var mixedAppIDs = false

    init(events: EventRecorder, clock: any WallClock) {
        self.events = events
        self.clock = clock
    }

    func note(_ error: WebLoginError, appID: String?) async {
        let now = clock.now()
        pending[error.reason, default: 0] += 1
        let total = pending.values.reduce(0, +)
        if total == 1 {
            commonAppID = appID
        } else if commonAppID != appID {
            mixedAppIDs = true
        }
        if let start = windowStart, now.timeIntervalSince(start) < Self.window { return }
        // One failure: its own detail. Several: the commonest reasons with their counts.
        let detail = total == 1 ? "\(error.reason): \(error.detail)"
            : "\(total) web logins failed: " + pending.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(4).map { "\($0.key) ×\($0.value)" }.joined(separator: "; ")
        // The event names an account only when every failure it stands for concerns that one.
        let only = mixedAppIDs ? nil : commonAppID
        windowStart = now
        pending = [:]
        commonAppID = nil
        mixedAppIDs = false
        await events.record("weblogin.failed", appID: only, outcome: "failed", detail)
    }
}
