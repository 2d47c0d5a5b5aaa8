import Foundation

/// A record the store writes with `StoreJSONWriter` and reads with `StoreJSONReader`, in the same form its
/// `Codable` conformance has (same member names, nil members left out).
protocol StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws
    init(json reader: inout StoreJSONReader) throws
}

extension StoreJSONReader {
    /// A member that `Codable` would require.
    func required<Value>(_ value: Value?, _ name: String) throws -> Value {
        guard let value else { throw failure("member \"\(name)\" missing") }
        return value
    }

    mutating func readOptionalString() throws -> String? {
        readNull() ? nil : try readString()
    }

    mutating func readOptionalDate() throws -> Date? {
        readNull() ? nil : try readDate()
    }

    mutating func readOptionalInt() throws -> Int? {
        readNull() ? nil : try readInt()
    }

    mutating func readEnum<Value: RawRepresentable<String>>(_ type: Value.Type) throws -> Value {
        let raw = try readString()
        guard let value = Value(rawValue: raw) else { throw failure("unknown \(Value.self) \"\(raw)\"") }
        return value
    }
}

extension StoredTicket: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("componentAppID", componentAppID)
            writer.member("ticket", ticket)
            try writer.member("receivedAt", receivedAt)
            try writer.member("createTime", createTime)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var componentAppID: String?, ticket: String?, receivedAt: Date?, createTime: Date?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "componentAppID": componentAppID = try reader.readString()
            case "ticket": ticket = try reader.readString()
            case "receivedAt": receivedAt = try reader.readDate()
            case "createTime": createTime = try reader.readDate()
            default: try reader.skipValue()
            }
        }
        self.init(
            componentAppID: try reader.required(componentAppID, "componentAppID"), ticket: try reader.required(ticket, "ticket"),
            receivedAt: try reader.required(receivedAt, "receivedAt"), createTime: try reader.required(createTime, "createTime"))
    }
}

extension StoredComponentToken: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("componentAppID", componentAppID)
            writer.member("token", token)
            try writer.member("obtainedAt", obtainedAt)
            try writer.member("expiresAt", expiresAt)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var componentAppID: String?, token: String?, obtainedAt: Date?, expiresAt: Date?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "componentAppID": componentAppID = try reader.readString()
            case "token": token = try reader.readString()
            case "obtainedAt": obtainedAt = try reader.readDate()
            case "expiresAt": expiresAt = try reader.readDate()
            default: try reader.skipValue()
            }
        }
        self.init(
            componentAppID: try reader.required(componentAppID, "componentAppID"), token: try reader.required(token, "token"),
            obtainedAt: try reader.required(obtainedAt, "obtainedAt"), expiresAt: try reader.required(expiresAt, "expiresAt"))
    }
}

extension EventRecord: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("id", id)
            try writer.member("at", at)
            writer.member("kind", kind)
            writer.member("appID", appID)
            writer.member("outcome", outcome)
            writer.member("detail", detail)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var prev: Int64?
        try self.init(json: &reader, prev: &prev)
    }

    /// An event as the journal writes it, or as the event archive does, with `prev` (the
    /// position of its account's previous event) beside it.
    init(json reader: inout StoreJSONReader, prev: inout Int64?) throws {
        var id: Int64?, at: Date?, kind: String?, appID: String?, outcome: String?, detail: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "prev": prev = try reader.readInt64()
            case "id": id = try reader.readInt64()
            case "at": at = try reader.readDate()
            case "kind": kind = try reader.readString()
            case "appID": appID = try reader.readOptionalString()
            case "outcome": outcome = try reader.readString()
            case "detail": detail = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), at: try reader.required(at, "at"), kind: try reader.required(kind, "kind"),
            appID: appID, outcome: try reader.required(outcome, "outcome"), detail: try reader.required(detail, "detail"))
    }
}

extension StoredEntry: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("namespace", namespace.name)
            if namespace.isSecret { writer.member("secret", "1") }
            writer.member("key", key)
            writer.member("value", value)
            try writer.member("expiresAt", expiresAt)
            writer.member("version", version)
            try writer.member("writtenAt", writtenAt)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var namespace: String?, secret = false, key: String?, value = "", expiresAt: Date?, version: Int64?, writtenAt: Date?
        try reader.beginObject()
        while let name = try reader.nextKey() {
            switch name {
            case "namespace": namespace = try reader.readString()
            case "secret": secret = try reader.readString() == "1"
            case "key": key = try reader.readString()
            case "value": value = try reader.readString()
            case "expiresAt": expiresAt = try reader.readDate()
            case "version": version = try reader.readInt64()
            case "writtenAt": writtenAt = try reader.readDate()
            default: try reader.skipValue()
            }
        }
        self.init(namespace: EntryNamespace(try reader.required(namespace, "namespace"), secret: secret),
                  key: try reader.required(key, "key"), value: value, expiresAt: try reader.required(expiresAt, "expiresAt"),
                  version: try reader.required(version, "version"), writtenAt: try reader.required(writtenAt, "writtenAt"))
    }

    /// A `replay_key` line, written by the first release of the replay window: `{key, expiresAt,
    /// recordedAt}`, read as an entry of the replay namespace.
    init(replayKeyJSON reader: inout StoreJSONReader) throws {
        var key: String?, expiresAt: Date?, recordedAt: Date?
        try reader.beginObject()
        while let name = try reader.nextKey() {
            switch name {
            case "key": key = try reader.readString()
            case "expiresAt": expiresAt = try reader.readDate()
            case "recordedAt": recordedAt = try reader.readDate()
            default: try reader.skipValue()
            }
        }
        let writtenAt = try reader.required(recordedAt, "recordedAt")
        self.init(namespace: .replay, key: try reader.required(key, "key"), value: "",
                  expiresAt: try reader.required(expiresAt, "expiresAt"),
                  version: Int64((writtenAt.timeIntervalSince1970 * 1_000_000).rounded(.down)), writtenAt: writtenAt)
    }
}


extension JournalHeader: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        writer.object { writer in
            writer.member("format", Int64(format))
            writer.member("base", base)
            writer.member("keyCheck", keyCheck)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var format: Int?, base: Int64?, keyCheck: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "format": format = try reader.readInt()
            case "base": base = try reader.readInt64()
            case "keyCheck": keyCheck = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(format: try reader.required(format, "format"), base: try reader.required(base, "base"), keyCheck: keyCheck)
    }
}

extension SnapshotHeader: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        try writer.object { writer in
            writer.member("format", Int64(format))
            writer.member("records", Int64(records))
            writer.member("nextEventID", nextEventID)
            writer.member("keyCheck", keyCheck)
            try writer.member("writtenAt", writtenAt)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var format: Int?, records: Int?, nextEventID: Int64?, keyCheck: String?, writtenAt: Date?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "format": format = try reader.readInt()
            case "records": records = try reader.readInt()
            case "nextEventID": nextEventID = try reader.readInt64()
            case "keyCheck": keyCheck = try reader.readOptionalString()
            case "writtenAt": writtenAt = try reader.readDate()
            default: try reader.skipValue()
            }
        }
        self.init(
            format: try reader.required(format, "format"), records: try reader.required(records, "records"),
            nextEventID: try reader.required(nextEventID, "nextEventID"), keyCheck: keyCheck,
            writtenAt: try reader.required(writtenAt, "writtenAt"))
    }
}

extension EventArchive.Mark: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        writer.object { writer in
            writer.member("end", end)
            writer.member("lastID", lastID)
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var end: Int64?, lastID: Int64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "end": end = try reader.readInt64()
            case "lastID": lastID = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        self.init(end: try reader.required(end, "end"), lastID: try reader.required(lastID, "lastID"))
    }
}

extension EventHourCount: StoreJSONCodable {
    func write(to writer: inout StoreJSONWriter) throws {
        writer.object { writer in
            writer.member("hour", EventHourCounts.hourNumber(hour))
            writer.member("kind", kind)
            writer.member("outcome", outcome)
            writer.member("count", Int64(count))
        }
    }

    init(json reader: inout StoreJSONReader) throws {
        var hour: Int64?, kind: String?, outcome: String?, count: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "hour": hour = try reader.readInt64()
            case "kind": kind = try reader.readString()
            case "outcome": outcome = try reader.readString()
            case "count": count = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        self.init(hour: Date(timeIntervalSince1970: Double(try reader.required(hour, "hour")) * 3600),
                  kind: try reader.required(kind, "kind"), outcome: try reader.required(outcome, "outcome"),
                  count: try reader.required(count, "count"))
    }
}
