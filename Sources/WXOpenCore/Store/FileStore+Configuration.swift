extension FileStore {
    /// Tuning for a `FileStore`; the defaults suit a platform with 100,000 authorizers.
    public struct Configuration: Sendable, Equatable {
        /// Compact once the journal holds this many bytes. Default: 16 MiB.
        public var compactionJournalBytes: Int
        /// Compact once the journal holds this many changes, whatever their size. Default: 200,000.
        public var compactionJournalLines: Int
        /// How many events the log keeps; older ones are dropped, and compaction drops them from
        /// disk too. Default: 10,000.
        public var eventCapacity: Int

        public init(compactionJournalBytes: Int = 16 << 20, compactionJournalLines: Int = 200_000, eventCapacity: Int = 10_000) {
            self.compactionJournalBytes = compactionJournalBytes
            self.compactionJournalLines = compactionJournalLines
            self.eventCapacity = eventCapacity
        }
    }
}
