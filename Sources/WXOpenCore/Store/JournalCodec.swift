import Foundation

/// Turns changes into framed lines and back. Changes go in and come out with their secrets in
/// stored form (see `StoreSecrets`); the codec itself never encrypts. Stateless: any queue may
/// use it.
struct JournalCodec: Sendable {
    /// For the key check the headers carry.
    let sealer: SecretSealer

    /// `rawInfo` and `eventHead` go beside an authorizer's data (see `JournalRecord`).
    func line(for change: StoreChange, seq: Int64, batch: Int64, rawInfo: RawInfoLocation? = nil, eventHead: Int64? = nil) throws -> [UInt8] {
        try frame(seq: seq, batch: batch, kind: JournalRecord.kind(of: change), after: { writer in
            if let rawInfo {
                writer.key("rawInfo")
                rawInfo.write(to: &writer)
            }
            if let eventHead { writer.member("eventHead", eventHead) }
        }) { writer in
            switch change {
            case .authorizer(let record): try record.write(to: &writer)
            case .ticket(let ticket): try ticket.write(to: &writer)
            case .componentToken(let token): try token.write(to: &writer)
            case .componentTokenDelete(let componentAppID): JournalRecord.writeKeyOnly("componentAppID", componentAppID, to: &writer)
            case .event(let event): try event.write(to: &writer)
            case .entry(let entry): try entry.write(to: &writer)
            case .delivery(let delivery, let dedupe): try delivery.write(to: &writer, dedupe: dedupe)
            case .deliveryDelete(let id): JournalRecord.writeKeyOnly("id", id, to: &writer)
            }
        }
    }

    func line(for header: JournalHeader) throws -> [UInt8] {
        try frame(seq: header.base, batch: header.base, kind: .journal) { try header.write(to: &$0) }
    }

    func line(for header: SnapshotHeader, seq: Int64) throws -> [UInt8] {
        try frame(seq: seq, batch: seq, kind: .snapshot) { try header.write(to: &$0) }
    }

    /// The snapshot's lines about the event archive.
    func line(for mark: EventArchive.Mark, seq: Int64) throws -> [UInt8] {
        try frame(seq: seq, batch: seq, kind: .eventArchive) { try mark.write(to: &$0) }
    }

    func line(for count: EventHourCount, seq: Int64) throws -> [UInt8] {
        try frame(seq: seq, batch: seq, kind: .eventCount) { try count.write(to: &$0) }
    }

    func line(forEventHead position: Int64, appID: String, seq: Int64) throws -> [UInt8] {
        try frame(seq: seq, batch: seq, kind: .eventHead) { writer in
            writer.object { writer in
                writer.member("appID", appID)
                writer.member("at", position)
            }
        }
    }

    /// Decodes one line's JSON (checksum already verified).
    func decode(_ json: ArraySlice<UInt8>) throws -> JournalRecord {
        try json.withUnsafeBytes { bytes in
            var reader = StoreJSONReader(bytes)
            let record = try JournalRecord(json: &reader)
            try reader.expectEnd()
            return record
        }
    }

    private func frame(seq: Int64, batch: Int64, kind: JournalRecord.Kind, after: (inout StoreJSONWriter) -> Void = { _ in },
                       data: (inout StoreJSONWriter) throws -> Void) throws -> [UInt8] {
        var writer = StoreJSONWriter(capacity: 1024)
        try writer.object { writer in
            writer.member("seq", seq)
            writer.member("batch", batch)
            writer.member("type", kind.rawValue)
            writer.key("data")
            try data(&writer)
            after(&writer)
        }
        return JournalLine.frame(writer.bytes)
    }
}
