/// One forward-only change to the schema: its SQL runs once per database, in version order,
/// inside the migrator's transaction. A migration is never edited once released; a change is a
/// new migration with the next version.
package struct Migration: Sendable, Equatable {
    package let version: Int
    package let name: String
    package let sql: String

    /// Every migration this build knows, oldest first.
    package static let all: [Migration] = [.store, .entries, .outbox, .scale]
}
