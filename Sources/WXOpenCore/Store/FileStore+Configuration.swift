import Foundation

extension FileStore {
    /// Tuning for a `FileStore`; the defaults suit a platform with 100,000 authorizers.
    public struct Configuration: Sendable, Equatable {
        /// Compact once the journal holds this many bytes. Default: 16 MiB.
        public var compactionJournalBytes: Int
        /// Compact once the journal holds this many changes, whatever their size. Default: 200,000.
        public var compactionJournalLines: Int
        /// How long events are kept (`events.keepDays`); older ones are not shown, and the files
        /// holding only such events are deleted. Default: 90 days.
        public var eventRetention: TimeInterval

        public init(compactionJournalBytes: Int = 16 << 20, compactionJournalLines: Int = 200_000,
                    eventRetention: TimeInterval = 90 * 86_400) {
            self.compactionJournalBytes = compactionJournalBytes
            self.compactionJournalLines = compactionJournalLines
            self.eventRetention = eventRetention
        }
    }
}
