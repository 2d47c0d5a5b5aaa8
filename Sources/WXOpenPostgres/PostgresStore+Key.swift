import WXOpenCore

extension PostgresStore {
    /// Checks the store key against the database's key check, as the file store checks its
    /// headers: a wrong key, or no key for sealed tokens, stops the open with an error that says
    /// so. The first open with a key writes the check and seals whatever was stored in clear.
    /// Runs under an advisory lock, so instances starting together agree on one check.
    func prepareKey() async throws {
        let sealer = secrets.sealer
        let sealed = try await withSession { session in
            try await session.transaction { session -> Int? in
                try await session.lockForTransaction("store_meta:key_check")
                let rows = try await session.query("SELECT value FROM store_meta WHERE name = $1", ["key_check"])
                let check = try rows.first?.decode("value", as: String.self)
                switch (sealer.key, check) {
                case (nil, nil):
                    return nil
                case (nil, .some):
                    throw StoreError.invalidKey(
                        "the database at \(server) holds encrypted tokens; set WXOPEN_STORE_KEY to the key they were written with")
                case (.some, .some(let check)):
                    guard sealer.verifiesKeyCheck(check) else {
                        throw StoreError.invalidKey(
                            "the database at \(server) was written with another store key; set WXOPEN_STORE_KEY to that key")
                    }
                    return 0
                case (.some, nil):
                    guard let check = try sealer.makeKeyCheck() else { return nil }
                    try await session.query("INSERT INTO store_meta (name, value) VALUES ($1, $2)", ["key_check", check])
                    return try await sealPlaintext(session)
                }
            }
        }
        if sealed == nil {
            logger.warning("store_plaintext", ["warning": "tokens are stored unencrypted; set WXOPEN_STORE_KEY (32 bytes, base64) to encrypt them"])
        } else if let sealed, sealed > 0 {
            logger.info("store_encrypted", ["server": server, "records": String(sealed)])
        }
    }

    /// Seals every secret still stored in clear (written before a key was set); returns how many
    /// rows changed.
    private func sealPlaintext(_ session: PostgresSession) async throws -> Int {
        let sealer = secrets.sealer
        var changed = 0
        let prefix = SecretSealer.sealedPrefix
        for row in try await session.query(
            "SELECT component_app_id, ticket FROM tickets WHERE NOT starts_with(ticket, $1) FOR UPDATE", [prefix]) {
            let appID = try row.decode("component_app_id", as: String.self)
            let ticket = try sealer.storedForm(try row.decode("ticket", as: String.self), as: .ticket(appID))
            try await session.query("UPDATE tickets SET ticket = $2 WHERE component_app_id = $1", [appID, ticket])
            changed += 1
        }
        for row in try await session.query(
            "SELECT component_app_id, token FROM component_tokens WHERE NOT starts_with(token, $1) FOR UPDATE", [prefix]) {
            let appID = try row.decode("component_app_id", as: String.self)
            let token = try row.decode("token", as: String.self)
            let stored = try sealer.storedForm(token, as: .componentToken(appID))
            // The digest is of the plaintext, under the key now in use.
            let plaintext = try sealer.open(token, as: .componentToken(appID))
            try await session.query(
                "UPDATE component_tokens SET token = $2, token_digest = $3 WHERE component_app_id = $1",
                [appID, stored, digest.digest(plaintext)])
            changed += 1
        }
        for row in try await session.query("""
            SELECT app_id, access_token, refresh_token FROM authorizers
            WHERE NOT starts_with(access_token, $1) OR NOT starts_with(refresh_token, $1) FOR UPDATE
            """, [prefix]) {
            let appID = try row.decode("app_id", as: String.self)
            let access = try row.decode("access_token", as: String?.self).map { try sealer.storedForm($0, as: .accessToken(appID)) }
            let refresh = try row.decode("refresh_token", as: String?.self).map { try sealer.storedForm($0, as: .refreshToken(appID)) }
            try await session.query(
                "UPDATE authorizers SET access_token = $2, refresh_token = $3 WHERE app_id = $1", [appID, access, refresh])
            changed += 1
        }
        for row in try await session.query(
            "SELECT namespace, key, value FROM entries WHERE secret AND NOT starts_with(value, $1) FOR UPDATE", [prefix]) {
            let namespace = EntryNamespace(try row.decode("namespace", as: String.self), secret: true)
            let key = try row.decode("key", as: String.self)
            let value = try sealer.storedForm(try row.decode("value", as: String.self), as: .entry(namespace, key: key))
            try await session.query("UPDATE entries SET value = $3 WHERE namespace = $1 AND key = $2", [namespace.name, key, value])
            changed += 1
        }
        return changed
    }
}
