import WXOpenCore

/// Tickets and component tokens: one row per component appid.
extension PostgresStore {
    public func ticket(componentAppID: String) async throws -> StoredTicket? {
        try await withSession { try await readTicket(componentAppID, $0, lock: false) }
    }

    private func lockedTicket(_ componentAppID: String, _ session: PostgresSession) async throws -> StoredTicket? {
        try await readTicket(componentAppID, session, lock: true)
    }

    private func readTicket(_ componentAppID: String, _ session: PostgresSession, lock: Bool) async throws -> StoredTicket? {
        let rows = try await session.query(
            "SELECT ticket, received_at, create_time FROM tickets WHERE component_app_id = $1" + (lock ? " FOR UPDATE" : ""),
            [componentAppID])
        guard let row = rows.first else { return nil }
        let stored = StoredTicket(
            componentAppID: componentAppID, ticket: try row.decode("ticket"), receivedAt: try row.decode("received_at"),
            createTime: try row.decode("create_time"))
        guard case .ticket(let ticket) = try secrets.open(.ticket(stored)) else { preconditionFailure("PostgresStore: kind changed") }
        return ticket
    }

    /// The latest received ticket wins (`StoreMutation.plan`), decided on the locked row.
    @discardableResult
    public func saveTicket(_ ticket: StoredTicket) async throws -> TicketSaveResult {
        let outcome = try await perform(.saveTicket(ticket), locking: "ticket:" + ticket.componentAppID) { session in
            try await lockedTicket(ticket.componentAppID, session).map { LockedState(ticket: $0) }
        }
        guard case .ticket(let result) = outcome else { preconditionFailure("PostgresStore: saveTicket planned another outcome") }
        return result
    }

    static let upsertTicket = """
        INSERT INTO tickets (component_app_id, ticket, received_at, create_time) VALUES ($1, $2, $3, $4)
        ON CONFLICT (component_app_id) DO UPDATE
        SET ticket = excluded.ticket, received_at = excluded.received_at, create_time = excluded.create_time
        """

    public func componentToken(componentAppID: String) async throws -> StoredComponentToken? {
        let rows = try await query(
            "SELECT token, obtained_at, expires_at FROM component_tokens WHERE component_app_id = $1", [componentAppID])
        guard let row = rows.first else { return nil }
        let stored = StoredComponentToken(
            componentAppID: componentAppID, token: try row.decode("token"), obtainedAt: try row.decode("obtained_at"),
            expiresAt: try row.decode("expires_at"))
        guard case .componentToken(let token) = try secrets.open(.componentToken(stored)) else {
            preconditionFailure("PostgresStore: kind changed")
        }
        return token
    }

    public func saveComponentToken(_ token: StoredComponentToken) async throws {
        guard case .componentToken(let stored) = try secrets.seal(.componentToken(token)) else {
            preconditionFailure("PostgresStore: kind changed")
        }
        let notice = StoreNotice.componentToken(componentAppID: token.componentAppID)
        // One statement: the upsert and the other instances' notice commit together.
        try await query("""
            WITH saved AS (
                INSERT INTO component_tokens (component_app_id, token, token_digest, obtained_at, expires_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (component_app_id) DO UPDATE
                SET token = excluded.token, token_digest = excluded.token_digest, obtained_at = excluded.obtained_at,
                    expires_at = excluded.expires_at
                RETURNING 1
            )
            SELECT pg_notify($6, $7) FROM saved
            """, [stored.componentAppID, stored.token, digest.digest(token.token), stored.obtainedAt, stored.expiresAt, channel,
                  payload(notice)])
        notices.publish(notice)
    }

    /// One statement: the row goes only if its digest is still that of `token`, so a token
    /// another instance saved meanwhile survives; only a delete is announced.
    public func deleteComponentToken(componentAppID: String, ifToken token: String) async throws {
        let notice = StoreNotice.componentToken(componentAppID: componentAppID)
        let rows = try await query("""
            WITH gone AS (DELETE FROM component_tokens WHERE component_app_id = $1 AND token_digest = $2 RETURNING 1)
            SELECT pg_notify($3, $4) FROM gone
            """, [componentAppID, digest.digest(token), channel, payload(notice)])
        if rows.count > 0 { notices.publish(notice) }
    }
}
