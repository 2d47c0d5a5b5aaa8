import Foundation
import WXOpenSupport

/// Writes the store's event log. A failure to record an event is logged, never thrown: the
/// event log must not be the reason a token refresh or a push fails.
public struct EventRecorder: Sendable {
    let store: any Store
    let clock: any WallClock
    let logger: Logger

    public init(store: any Store, clock: any WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    public func record(_ kind: String, appID: String? = nil, outcome: String = "ok", _ detail: String = "") async {
        do {
            try await store.appendEvent(EventRecord(at: clock.now(), kind: kind, appID: appID, outcome: outcome, detail: detail))
        } catch {
            logger.error("event_not_recorded", ["kind": kind, "error": "\(error)"])
        }
    }
}
