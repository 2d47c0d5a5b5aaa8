import Foundation

/// What one decoded line holds: a change, or the header that opens a journal or snapshot file.
/// Secret fields are still as stored (sealed when a key was set); `JournalCodec.open` opens them.
///
/// On disk: `{"seq":N,"batch":B,"type":T,"data":{…}}`, where `data` is the record in its
/// `Codable` form (see `StoreJSONCodable`). An authorizer line may also carry `"rawInfo"`, where
/// its raw info now is (`RawInfoLocation`), and, in a snapshot, `"eventHead"`, the archive
/// position of its newest event.
struct JournalRecord: Sendable {
    /// The change number; a snapshot's lines all carry the snapshot's number.
    let seq: Int64
    /// The first seq of the group commit this line was written in: recovery uses it to tell a
    /// torn final write from damage to earlier, acknowledged ones.
    let batch: Int64
    let body: Body
    var rawInfo: RawInfoLocation?
    var eventHead: Int64?

    enum Body: Sendable {
        case change(StoreChange)
        case journalHeader(JournalHeader)
        case snapshotHeader(SnapshotHeader)
        /// Snapshot only: how far the event archive was synced (`EventArchive.Mark`).
        case eventArchive(EventArchive.Mark)
        /// Snapshot only: one hour's count of one kind and outcome (`EventHourCounts`).
        case eventCount(EventHourCount)
        /// Snapshot only: the newest event of an appid that is no account's.
        case eventHead(appID: String, position: Int64)
    }

    /// The `type` of each body on disk.
    enum Kind: String {
        case authorizer, ticket, event
        case componentToken = "component_token"
        case componentTokenDelete = "component_token_delete"
        /// An entry written, or deleted: a delete is written as an entry that expired when written.
        case entry
        case delivery
        case deliveryDelete = "delivery_delete"
        /// Read only: the replay window's lines before entries generalised it.
        case replayKey = "replay_key"
        case replayKeyDelete = "replay_key_delete"
        case journal, snapshot
        case eventArchive = "event_archive"
        case eventCount = "event_count"
        case eventHead = "event_head"
    }

    init(json reader: inout StoreJSONReader) throws {
        var seq: Int64?, batch: Int64?, kind: Kind?, body: Body?
        var dataOffset: Int?
        var rawInfo: RawInfoLocation?, eventHead: Int64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "seq": seq = try reader.readInt64()
            case "batch": batch = try reader.readInt64()
            case "type":
                let type = try reader.readString()
                guard let known = Kind(rawValue: type) else {
                    throw reader.failure("unknown record type \"\(type)\" (written by a newer wxopen?)")
                }
                kind = known
            case "data":
                // Written after "type"; should a line have them the other way round, come back to it.
                if let kind { body = try JournalRecord.body(kind, &reader) } else { dataOffset = reader.offset; try reader.skipValue() }
            case "rawInfo": rawInfo = try RawInfoLocation(json: &reader)
            case "eventHead": eventHead = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        let end = reader.offset
        if body == nil, let dataOffset {
            reader.offset = dataOffset
            body = try JournalRecord.body(try reader.required(kind, "type"), &reader)
            reader.offset = end
        }
        self.seq = try reader.required(seq, "seq")
        self.batch = try reader.required(batch, "batch")
        self.body = try reader.required(body, "data")
        self.rawInfo = rawInfo
        self.eventHead = eventHead
    }

    private static func body(_ kind: Kind, _ reader: inout StoreJSONReader) throws -> Body {
        switch kind {
        case .authorizer: .change(.authorizer(try AuthorizerRecord(json: &reader)))
        case .ticket: .change(.ticket(try StoredTicket(json: &reader)))
        case .event: .change(.event(try EventRecord(json: &reader)))
        case .componentToken: .change(.componentToken(try StoredComponentToken(json: &reader)))
        case .componentTokenDelete: .change(.componentTokenDelete(componentAppID: try readKeyOnly("componentAppID", &reader)))
        case .entry: .change(.entry(try StoredEntry(json: &reader)))
        case .delivery: .change(try OutboxDelivery.change(json: &reader))
        case .deliveryDelete: .change(.deliveryDelete(id: try readKeyOnly("id", &reader)))
        case .replayKey: .change(.entry(try StoredEntry(replayKeyJSON: &reader)))
        case .replayKeyDelete:
            .change(.entry(StoredEntry(namespace: .replay, key: try readKeyOnly("key", &reader), value: "",
                                       expiresAt: .distantPast, version: 0, writtenAt: .distantPast)))
        case .journal: .journalHeader(try JournalHeader(json: &reader))
        case .snapshot: .snapshotHeader(try SnapshotHeader(json: &reader))
        case .eventArchive: .eventArchive(try EventArchive.Mark(json: &reader))
        case .eventCount: .eventCount(try EventHourCount(json: &reader))
        case .eventHead: try eventHeadBody(&reader)
        }
    }

    static func kind(of change: StoreChange) -> Kind {
        switch change {
        case .authorizer: .authorizer
        case .ticket: .ticket
        case .componentToken: .componentToken
        case .componentTokenDelete: .componentTokenDelete
        case .event: .event
        case .entry: .entry
        case .delivery: .delivery
        case .deliveryDelete: .deliveryDelete
        }
    }

    /// `{"componentAppID":"…"}` or `{"key":"…"}`: a delete needs no more.
    static func writeKeyOnly(_ name: StaticString, _ value: String, to writer: inout StoreJSONWriter) {
        writer.object { $0.member(name, value) }
    }

    private static func eventHeadBody(_ reader: inout StoreJSONReader) throws -> Body {
        var appID: String?, position: Int64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "appID": appID = try reader.readString()
            case "at": position = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        return .eventHead(appID: try reader.required(appID, "appID"), position: try reader.required(position, "at"))
    }

    private static func readKeyOnly(_ name: StaticString, _ reader: inout StoreJSONReader) throws -> String {
        var value: String?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if name ~= key { value = try reader.readString() } else { try reader.skipValue() }
        }
        return try reader.required(value, "\(name)")
    }
}

/// The first line of the journal.
struct JournalHeader: Sendable, Equatable {
    static let currentFormat = 1
    var format: Int
    /// The snapshot seq this journal continues from: its first change is `base + 1`.
    var base: Int64
    /// Present when the store is encrypted; opens only with the store key.
    var keyCheck: String?
}

/// The first line of the snapshot; `records` lines follow, all carrying the snapshot's seq.
///
/// Format 1 held the event log's last 10,000 events as event lines; format 2 holds none (they
/// are in the event archive), and adds the archive's mark, hour counts and event heads.
struct SnapshotHeader: Sendable, Equatable {
    static let currentFormat = 2
    var format: Int
    var records: Int
    var nextEventID: Int64
    var keyCheck: String?
    var writtenAt: Date
}
