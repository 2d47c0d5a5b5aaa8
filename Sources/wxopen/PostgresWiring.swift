import Foundation
import WXOpenCore
import WXOpenPostgres
import WXOpenSupport

/// `"store": {"kind": "postgres"}`: the PostgreSQL store, opened with the URL the configuration
/// (or `WXOPEN_STORE_URL`) gives, migrations applied, the store key checked, the component claimed.
func openPostgresStore(_ configuration: Configuration, key: [UInt8]?, logger: Logger) async throws -> any Store {
    guard let url = configuration.store.url else { throw StoreError.invalidRequest("store.url is required for kind postgres") }
    return try await PostgresStore.open(
        url: url, key: key, componentAppID: configuration.component.appID, logger: logger,
        configuration: PostgresStore.Configuration(eventRetention: TimeInterval(configuration.events.keepDays) * 86_400))
}

/// The store as `check-config` reports it: never a password.
func describeStore(_ store: Configuration.Store) -> String {
    switch store.kind {
    case .postgres: "postgres at " + PostgresStore.redactedURL(store.url ?? "")
    case .file, .memory: "\(store.kind) at \(store.path)"
    }
}
