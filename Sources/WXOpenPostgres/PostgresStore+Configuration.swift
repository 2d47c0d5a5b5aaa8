extension PostgresStore {
    /// Tuning for a `PostgresStore`.
    public struct Configuration: Sendable, Equatable {
        /// Connections to the database from this instance. Default: 4.
        public var maxConnections: Int
        /// How long one connection attempt may take. Default: 5 s.
        public var connectTimeout: Duration
        /// How many events the log keeps; older ones are deleted as new ones arrive. Default: 10,000.
        public var eventCapacity: Int
        /// `application_name` in `pg_stat_activity`, unless the URL sets one. Default: `wxopen`.
        public var applicationName: String
        /// Expired entries are pruned once every this many entry writes of this instance. Default: 1,024.
        public var entryPruneInterval: Int

        public init(maxConnections: Int = 4, connectTimeout: Duration = .seconds(5), eventCapacity: Int = 10_000,
                    applicationName: String = "wxopen", entryPruneInterval: Int = 1024) {
            self.maxConnections = maxConnections
            self.connectTimeout = connectTimeout
            self.eventCapacity = eventCapacity
            self.applicationName = applicationName
            self.entryPruneInterval = max(1, entryPruneInterval)
        }

        var connectionOptions: PostgresConnection.Options {
            PostgresConnection.Options(connectTimeout: connectTimeout, applicationName: applicationName)
        }
    }
}
