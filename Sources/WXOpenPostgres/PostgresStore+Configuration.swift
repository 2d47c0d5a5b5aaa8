extension PostgresStore {
    /// Tuning for a `PostgresStore`.
    public struct Configuration: Sendable, Equatable {
        /// Connections to the database from this instance (plus one that listens for the
        /// others' notices). Default: 8: concurrent pushes each hold one for a few round trips.
        public var maxConnections: Int
        /// How long one connection attempt may take. Default: 5 s.
        public var connectTimeout: Duration
        /// How many events the log keeps; older ones are deleted as new ones arrive. Default: 10,000.
        public var eventCapacity: Int
        /// `application_name` in `pg_stat_activity`, unless the URL sets one. Default: `wxopen`.
        public var applicationName: String
        /// Expired entries are pruned once every this many entry writes of this instance. Default: 1,024.
        public var entryPruneInterval: Int
        /// Listens for the other instances' writes (one connection of its own), so that
        /// `notices` carries them. Off only for tools that open the store briefly (migrate-store).
        /// Default: on.
        public var notifications: Bool

        public init(maxConnections: Int = 8, connectTimeout: Duration = .seconds(5), eventCapacity: Int = 10_000,
                    applicationName: String = "wxopen", entryPruneInterval: Int = 1024, notifications: Bool = true) {
            self.maxConnections = maxConnections
            self.connectTimeout = connectTimeout
            self.eventCapacity = eventCapacity
            self.applicationName = applicationName
            self.entryPruneInterval = max(1, entryPruneInterval)
            self.notifications = notifications
        }

        var connectionOptions: PostgresConnection.Options {
            PostgresConnection.Options(connectTimeout: connectTimeout, applicationName: applicationName)
        }
    }
}
