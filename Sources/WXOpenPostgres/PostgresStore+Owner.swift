import WXOpenCore

extension PostgresStore {
    /// The component this database belongs to, as the file store keeps it in `component.json`:
    /// recorded by the first instance that opens it, and checked by every later one, so a store
    /// is never shared by two platforms by mistake (their tickets and tokens would mix).
    func claimOwner(componentAppID: String) async throws {
        let server = server
        let claimed = try await withSession { session in
            try await session.transaction { session -> Bool in
                try await session.lockForTransaction("store_meta:component_appid")
                let rows = try await session.query("SELECT value FROM store_meta WHERE name = $1", ["component_appid"])
                if let stored = try rows.first?.decode("value", as: String.self) {
                    guard stored == componentAppID else {
                        throw StoreError.otherComponent(path: "postgresql \(server)", stored: stored, configured: componentAppID)
                    }
                    return false
                }
                try await session.query("INSERT INTO store_meta (name, value) VALUES ($1, $2)", ["component_appid", componentAppID])
                return true
            }
        }
        if claimed { logger.info("store_component_adopted", ["server": server, "component_appid": componentAppID]) }
    }
}
