import WeChat
import WXOpenSupport

/// What the platform's services all work with: WeChat's client, the store, the clock, the
/// logger and the event log over them. Wired once by `Platform` and handed over whole, so a
/// service's init names only what is its own.
struct ServiceContext: Sendable {
    let client: ComponentClient
    let store: any Store
    let clock: any WallClock
    let logger: Logger
    let events: EventRecorder

    init(client: ComponentClient, store: any Store, clock: any WallClock, logger: Logger) {
        (self.client, self.store, self.clock, self.logger) = (client, store, clock, logger)
        events = EventRecorder(store: store, clock: clock, logger: logger)
    }
}
