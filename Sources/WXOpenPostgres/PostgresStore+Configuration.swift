import Foundation

extension PostgresStore {
    /// Tuning for a `PostgresStore`.
    public struct Configuration: Sendable, Equatable {
        /// Connections to the database from this instance (plus one that listens for the
        /// others' notices). Default: 8: concurrent pushes each hold one for a few round trips.
        public var maxConnections: Int
        /// How long one connection attempt may take. Default: 5 s.
        public var connectTimeout: Duration
        /// How long events are kept (`events.keepDays`): reads never show older ones, and they
        /// are deleted at open and every `eventPruneInterval` appends. Default: 90 days.
        public var eventRetention: TimeInterval
        /// Default: 1,024.
        public var eventPruneInterval: Int
        /// `application_name` in `pg_stat_activity`, unless the URL sets one. Default: `wxopen`.
        public var applicationName: String
        /// Expired entries are pruned once every this many entry writes of this instance. Default: 1,024.
        public var entryPruneInterval: Int
        /// Listens for the other instances' writes (one connection of its own), so that
        /// `notices` carries them. Off only for tools that open the store briefly (migrate-store).
        /// Default: on.
        public var notifications: Bool

        public init(maxConnections: Int = 8, connectTimeout: Duration = .seconds(5), eventRetention: TimeInterval = 90 * 86_400,
                    applicationName: String = "wxopen", entryPruneInterval: Int = 1024, eventPruneInterval: Int = 1024,
                    notifications: Bool = true) {
            self.maxConnections = maxConnections
            self.connectTimeout = connectTimeout
            self.eventRetention = eventRetention
            self.eventPruneInterval = max(1, eventPruneInterval)
            self.applicationName = applicationName
            self.entryPruneInterval = max(1, entryPruneInterval)
            self.notifications = notifications
        }

        var connectionOptions: PostgresConnection.Options {
            PostgresConnection.Options(connectTimeout: connectTimeout, applicationName: applicationName)
        }
    }
}
