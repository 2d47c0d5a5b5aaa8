/// The secret fields of each kind of change, and the three ways the file store transforms them:
/// plaintext to stored form on write, stored form to plaintext on read, and stored form as read
/// from disk to the current key's stored form on load.
package struct StoreSecrets: Sendable {
    package let sealer: SecretSealer
    /// The store directory (or the database, for PostgreSQL), for messages.
    let storePath: String

    package init(sealer: SecretSealer, storePath: String) {
        self.sealer = sealer
        self.storePath = storePath
    }

    /// A caller's change, with its secrets in stored form (sealed under a key).
    package func seal(_ change: StoreChange) throws -> StoreChange {
        try mapSecrets(change) { value, field in try sealer.seal(value, as: field) }
    }

    /// A change read from disk, in the stored form for the current key (see `SecretSealer.storedForm`).
    package func storedForm(_ change: StoreChange) throws(StoreError) -> StoreChange {
        do {
            return try mapSecrets(change) { value, field in try sealer.storedForm(value, as: field) }
        } catch SecretSealer.Failure.keyMissing {
            throw .invalidKey("the store at \(storePath) holds encrypted tokens; set WXOPEN_STORE_KEY to the key they were written with")
        } catch let error as StoreError {
            throw error
        } catch {
            throw .corrupt(path: storePath, detail: "a token stored without a key could not be encrypted: \(error)")
        }
    }

    /// A stored change with its secrets as plaintext, for a reader. Throws `StoreError.corrupt`
    /// naming the record and field when one does not open.
    package func open(_ change: StoreChange) throws(StoreError) -> StoreChange {
        do {
            return try mapSecrets(change, openField)
        } catch let failure as FieldFailure {
            throw storeError(failure)
        } catch {
            preconditionFailure("StoreSecrets.open: opening throws only FieldFailure")
        }
    }

    private func storeError(_ failure: FieldFailure) -> StoreError {
        switch failure.failure {
        case .keyMissing:
            .invalidKey("the store at \(storePath) holds encrypted tokens (\(failure.field)); set WXOPEN_STORE_KEY "
                + "to the key they were written with")
        case .doesNotAuthenticate:
            .corrupt(path: storePath, detail: "\(failure.field) does not decrypt with the store key: the stored "
                + "value was altered, or copied from another record or field, so it cannot be trusted. Restore the store "
                + "from a backup, or have that account authorize again")
        case .malformed:
            .corrupt(path: storePath, detail: "\(failure.field) is marked encrypted but is not a sealed value; "
                + "restore the store from a backup")
        }
    }

    /// The delivery with its payload opened (users' messages are sealed like tokens).
    package func open(_ delivery: OutboxDelivery) throws(StoreError) -> OutboxDelivery {
        var delivery = delivery
        do throws(FieldFailure) {
            delivery.payload = try openField(delivery.payload, .deliveryPayload(delivery.id))
        } catch {
            throw storeError(error)
        }
        return delivery
    }

    /// The record with its two secret fields opened in place (the hot read of the token API:
    /// no round trip through `StoreChange`).
    package func open(_ record: AuthorizerRecord) throws(StoreError) -> AuthorizerRecord {
        var record = record
        do throws(FieldFailure) {
            if let token = record.accessToken { record.accessToken = try openField(token, .accessToken(record.appID)) }
            if let token = record.refreshToken { record.refreshToken = try openField(token, .refreshToken(record.appID)) }
        } catch {
            throw storeError(error)
        }
        return record
    }

    private struct FieldFailure: Error {
        let field: SecretSealer.Field
        let failure: SecretSealer.Failure
    }

    private func openField(_ value: String, _ field: SecretSealer.Field) throws(FieldFailure) -> String {
        do { return try sealer.open(value, as: field) } catch { throw FieldFailure(field: field, failure: error) }
    }

    private func mapSecrets(_ change: StoreChange, _ transform: (String, SecretSealer.Field) throws -> String) rethrows -> StoreChange {
        switch change {
        case .authorizer(var record):
            record.accessToken = try record.accessToken.map { try transform($0, .accessToken(record.appID)) }
            record.refreshToken = try record.refreshToken.map { try transform($0, .refreshToken(record.appID)) }
            return .authorizer(record)
        case .ticket(var ticket):
            ticket.ticket = try transform(ticket.ticket, .ticket(ticket.componentAppID))
            return .ticket(ticket)
        case .componentToken(var token):
            token.token = try transform(token.token, .componentToken(token.componentAppID))
            return .componentToken(token)
        case .entry(var entry) where entry.namespace.isSecret:
            entry.value = try transform(entry.value, .entry(entry.namespace, key: entry.key))
            return .entry(entry)
        case .delivery(var delivery, let dedupe):
            delivery.payload = try transform(delivery.payload, .deliveryPayload(delivery.id))
            return .delivery(delivery, dedupe: dedupe)
        case .componentTokenDelete, .event, .entry, .deliveryDelete:
            return change
        }
    }
}

extension SecretSealer.Field {
    package static func accessToken(_ appID: String) -> Self { Self(recordType: "authorizer", appID: appID, name: "access_token") }
    package static func refreshToken(_ appID: String) -> Self { Self(recordType: "authorizer", appID: appID, name: "refresh_token") }
    package static func ticket(_ componentAppID: String) -> Self { Self(recordType: "ticket", appID: componentAppID, name: "ticket") }
    package static func entry(_ namespace: EntryNamespace, key: String) -> Self {
        Self(recordType: "entry \(namespace.name)", appID: key, name: "value")
    }
    package static func deliveryPayload(_ id: String) -> Self { Self(recordType: "delivery", appID: id, name: "payload") }
    package static func componentToken(_ componentAppID: String) -> Self {
        Self(recordType: "component_token", appID: componentAppID, name: "token")
    }
}
