import Foundation

/// A `delivery` line: the delivery's fields, and on enqueue its dedupe entry under `dedupe`, so
/// that one checksummed line makes both durable.
extension OutboxDelivery {
    func write(to writer: inout StoreJSONWriter, dedupe: StoredEntry?) throws {
        try writer.object { writer in
            writer.member("id", id)
            writer.member("sequence", sequence)
            writer.member("accountKey", accountKey)
            writer.member("type", type)
            writer.member("payload", payload)
            try writer.member("createdAt", createdAt)
            writer.member("attempts", Int64(attempts))
            try writer.member("nextAttemptAt", nextAttemptAt)
            try writer.member("lastAttemptAt", lastAttemptAt)
            writer.member("lastError", lastError)
            writer.member("leaseOwner", leaseOwner)
            try writer.member("leaseExpiresAt", leaseExpiresAt)
            if let dedupe {
                writer.key("dedupe")
                try dedupe.write(to: &writer)
            }
        }
    }

    static func change(json reader: inout StoreJSONReader) throws -> StoreChange {
        var id: String?, sequence: Int64?, accountKey: String?, type: String?, payload: String?, createdAt: Date?
        var attempts = 0, nextAttemptAt: Date?, lastAttemptAt: Date?, lastError: String?, leaseOwner: String?, leaseExpiresAt: Date?
        var dedupe: StoredEntry?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "id": id = try reader.readString()
            case "sequence": sequence = try reader.readInt64()
            case "accountKey": accountKey = try reader.readString()
            case "type": type = try reader.readString()
            case "payload": payload = try reader.readString()
            case "createdAt": createdAt = try reader.readDate()
            case "attempts": attempts = try reader.readInt()
            case "nextAttemptAt": nextAttemptAt = try reader.readDate()
            case "lastAttemptAt": lastAttemptAt = try reader.readOptionalDate()
            case "lastError": lastError = try reader.readOptionalString()
            case "leaseOwner": leaseOwner = try reader.readOptionalString()
            case "leaseExpiresAt": leaseExpiresAt = try reader.readOptionalDate()
            case "dedupe": dedupe = try StoredEntry(json: &reader)
            default: try reader.skipValue()
            }
        }
        let delivery = OutboxDelivery(
            id: try reader.required(id, "id"), accountKey: try reader.required(accountKey, "accountKey"),
            type: try reader.required(type, "type"), payload: try reader.required(payload, "payload"),
            createdAt: try reader.required(createdAt, "createdAt"), sequence: try reader.required(sequence, "sequence"),
            attempts: attempts, nextAttemptAt: try reader.required(nextAttemptAt, "nextAttemptAt"), lastAttemptAt: lastAttemptAt,
            lastError: lastError, leaseOwner: leaseOwner, leaseExpiresAt: leaseExpiresAt)
        return .delivery(delivery, dedupe: dedupe)
    }
}
