/// A snapshot's authorizer line decoded straight into what the index keeps: the packed record,
/// its search text and filter key, copied from the line's bytes. The general path
/// (`JournalCodec.decode`, then `ChangePreparer`) first builds an `AuthorizerRecord`, fifteen
/// strings and an array, carries it through a `StoreChange` and then packs it; at 200,000
/// accounts that was most of the load: reference counting, malloc and memmove.
///
/// Only the common shape is taken: strings without escapes and in valid UTF-8, secrets already
/// in their stored form for this key (sealed with one, plaintext without), no raw info inside
/// the line. Anything else, damage included, gives nil and goes the general way, so the two
/// paths always agree, on records and on errors alike.
struct SnapshotAuthorizerLine: Sendable {
    let prepared: StoreIndex.PreparedAuthorizer
    /// Whether the record has `info` (without it, no raw info is kept).
    let hasInfo: Bool
    let rawInfo: RawInfoLocation?
    let eventHead: Int64?

    private typealias Text = UnsafeBufferPointer<UInt8>
    /// Not the common shape: the general path reads the line.
    private struct Uncommon: Error {}

    /// `json`: a line's JSON, its checksum verified. `sealed`: whether the store has a key.
    init?(json: ArraySlice<UInt8>, sealed: Bool) {
        let line = json.withUnsafeBytes { bytes -> SnapshotAuthorizerLine? in
            var reader = StoreJSONReader(bytes)
            return try? SnapshotAuthorizerLine(reading: &reader, sealed: sealed)
        }
        guard let line else { return nil }
        self = line
    }

    /// `{"seq":…,"batch":…,"type":"authorizer","data":{…},"rawInfo":{…},"eventHead":…}`
    private init(reading reader: inout StoreJSONReader, sealed: Bool) throws {
        var seq = false, batch = false, type = false
        var data: (prepared: StoreIndex.PreparedAuthorizer, hasInfo: Bool)?
        var rawInfo: RawInfoLocation?, eventHead: Int64?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "seq": _ = try reader.readInt64(); seq = true
            case "batch": _ = try reader.readInt64(); batch = true
            case "type":
                guard !type, let kind = try reader.readUnescapedString(), "authorizer" ~= StoreJSONReader.Key(bytes: kind) else {
                    throw Uncommon()
                }
                type = true
            case "data":
                guard type, data == nil else { throw Uncommon() }
                data = try Self.readData(&reader, sealed: sealed)
            case "rawInfo": rawInfo = try RawInfoLocation(json: &reader)
            case "eventHead": eventHead = try reader.readInt64()
            default: try reader.skipValue()
            }
        }
        try reader.expectEnd()
        guard seq, batch, let data else { throw Uncommon() }
        prepared = data.prepared
        hasInfo = data.hasInfo
        self.rawInfo = rawInfo
        self.eventHead = eventHead
    }

    /// The members of `AuthorizerRecord`'s stored JSON (`AuthorizerRecord+StoreJSON`), as found.
    private struct Fields {
        var appID: Text?, componentAppID: Text?, status: AuthorizerStatus?, updatedAt: Double?
        /// Where the array starts, to be read a second time straight into the packed bytes.
        var funcInfo: (offset: Int, count: Int)?
        var statusReason: Text?, accessToken: Text?, refreshToken: Text?, ref: Text?
        var lastAuthorizationCodeHash: Text?, lastRefreshError: Text?
        var accessTokenExpiresAt: Double?, authorizedAt: Double?, revokedAt: Double?, lastRefreshAt: Double?
        var info: Info?
    }

    private struct Info {
        var nickName: Text?, headImage: Text?, userName: Text?, alias: Text?, principalName: Text?, signature: Text?
        var qrcodeURL: Text?
        var serviceType: Int?, verifyType: Int?
        var accountType: AccountType?, fetchedAt: Double?
    }

    /// Room on the stack for the permission ids of most accounts (a few dozen), so the array is
    /// read once; a longer one is read again, into room of its size.
    private static let funcInfoRoom = 64

    private static func readData(_ reader: inout StoreJSONReader, sealed: Bool) throws -> (StoreIndex.PreparedAuthorizer, Bool) {
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: funcInfoRoom) { room in
            try readData(&reader, sealed: sealed, funcInfoRoom: room)
        }
    }

    private static func readData(
        _ reader: inout StoreJSONReader, sealed: Bool, funcInfoRoom room: UnsafeMutableBufferPointer<Int>
    ) throws -> (StoreIndex.PreparedAuthorizer, Bool) {
        var fields = Fields()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "appID": fields.appID = try text(&reader)
            case "componentAppID": fields.componentAppID = try text(&reader)
            case "status": fields.status = AuthorizerStatus(rawValue: String(decoding: try text(&reader), as: UTF8.self))
            case "statusReason": fields.statusReason = try optionalText(&reader)
            case "accessToken": fields.accessToken = try secret(&reader, sealed: sealed)
            case "accessTokenExpiresAt": fields.accessTokenExpiresAt = try optionalDate(&reader)
            case "refreshToken": fields.refreshToken = try secret(&reader, sealed: sealed)
            case "funcInfo": fields.funcInfo = (reader.offset, try readIntArray(&reader, into: room))
            case "info": fields.info = reader.readNull() ? nil : try readInfo(&reader)
            case "ref": fields.ref = try optionalText(&reader)
            case "authorizedAt": fields.authorizedAt = try optionalDate(&reader)
            case "updatedAt": fields.updatedAt = try reader.readDouble()
            case "revokedAt": fields.revokedAt = try optionalDate(&reader)
            case "lastAuthorizationCodeHash": fields.lastAuthorizationCodeHash = try optionalText(&reader)
            case "lastRefreshAt": fields.lastRefreshAt = try optionalDate(&reader)
            case "lastRefreshError": fields.lastRefreshError = try optionalText(&reader)
            default: try reader.skipValue()
            }
        }
        guard let appID = fields.appID, let componentAppID = fields.componentAppID, let status = fields.status,
              let updatedAt = fields.updatedAt, let funcInfo = fields.funcInfo
        else { throw Uncommon() }
        let info = fields.info
        let searchText = SearchText.of(nickName: info?.nickName, principalName: info?.principalName, userName: info?.userName,
                                       alias: info?.alias, appID: appID, ref: fields.ref)
        guard let searchText else { throw Uncommon() }
        let key = StoreIndex.FilterKey(status: status, type: info?.accountType ?? .unknown, expiry: fields.accessTokenExpiresAt,
                                       authorizedAt: fields.authorizedAt, refHash: fields.ref.map(StoreIndex.refHash) ?? 0)
        func pack(_ funcInfo: UnsafeBufferPointer<Int>) -> PackedAuthorizer {
            PackedAuthorizer(PackedAuthorizer.Parts(
                appID: appID, componentAppID: componentAppID, status: status, accountType: info?.accountType ?? .unknown,
                accessTokenExpiresAt: fields.accessTokenExpiresAt, authorizedAt: fields.authorizedAt, revokedAt: fields.revokedAt,
                lastRefreshAt: fields.lastRefreshAt, fetchedAt: info?.fetchedAt, updatedAt: updatedAt,
                serviceType: info?.serviceType, verifyType: info?.verifyType,
                funcInfo: funcInfo, statusReason: fields.statusReason,
                accessToken: fields.accessToken, refreshToken: fields.refreshToken, ref: fields.ref,
                lastAuthorizationCodeHash: fields.lastAuthorizationCodeHash, lastRefreshError: fields.lastRefreshError,
                nickName: info?.nickName, headImage: info?.headImage, userName: info?.userName, alias: info?.alias,
                principalName: info?.principalName, signature: info?.signature, qrcodeURL: info?.qrcodeURL))
        }
        let packed: PackedAuthorizer
        if funcInfo.count <= room.count {
            packed = pack(UnsafeBufferPointer(rebasing: room[..<funcInfo.count]))
        } else {
            var again = StoreJSONReader(UnsafeRawBufferPointer(reader.bytes), offset: funcInfo.offset)
            packed = try withUnsafeTemporaryAllocation(of: Int.self, capacity: funcInfo.count) { values in
                guard try readIntArray(&again, into: values) == funcInfo.count else { throw Uncommon() }
                return pack(UnsafeBufferPointer(values))
            }
        }
        return (StoreIndex.PreparedAuthorizer(packed: packed, searchText: searchText, key: key), info != nil)
    }

    /// Reads an integer array, keeping in `room` those that fit; returns how many it holds.
    private static func readIntArray(_ reader: inout StoreJSONReader, into room: UnsafeMutableBufferPointer<Int>) throws -> Int {
        var count = 0
        try reader.readIntArray { value in
            if count < room.count { room[count] = value }
            count += 1
        }
        return count
    }

    private static func readInfo(_ reader: inout StoreJSONReader) throws -> Info {
        var info = Info()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "nickName": info.nickName = try optionalText(&reader)
            case "headImage": info.headImage = try optionalText(&reader)
            case "userName": info.userName = try optionalText(&reader)
            case "alias": info.alias = try optionalText(&reader)
            case "principalName": info.principalName = try optionalText(&reader)
            case "signature": info.signature = try optionalText(&reader)
            case "qrcodeURL": info.qrcodeURL = try optionalText(&reader)
            case "serviceType": info.serviceType = try reader.readOptionalInt()
            case "verifyType": info.verifyType = try reader.readOptionalInt()
            case "accountType": info.accountType = AccountType(rawValue: String(decoding: try text(&reader), as: UTF8.self))
            // Raw info inside the line (format 1): the general path moves it to the raw-info file.
            case "rawJSON": guard reader.readNull() else { throw Uncommon() }
            case "fetchedAt": info.fetchedAt = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        guard info.accountType != nil, info.fetchedAt != nil else { throw Uncommon() }
        return info
    }

    /// A string's bytes, when it has no escapes and is valid UTF-8 (what `String` would keep as is).
    private static func text(_ reader: inout StoreJSONReader) throws -> Text {
        guard let text = try reader.readUnescapedString(), isValidUTF8(text) else { throw Uncommon() }
        return text
    }

    private static func optionalText(_ reader: inout StoreJSONReader) throws -> Text? {
        reader.readNull() ? nil : try text(&reader)
    }

    /// A token already in the stored form `SecretSealer.storedForm` keeps unchanged.
    private static func secret(_ reader: inout StoreJSONReader, sealed: Bool) throws -> Text? {
        guard let value = try optionalText(&reader) else { return nil }
        let prefix = SecretSealer.sealedPrefix.utf8
        guard (value.count >= prefix.count && value.prefix(prefix.count).elementsEqual(prefix)) == sealed else { throw Uncommon() }
        return value
    }

    private static func optionalDate(_ reader: inout StoreJSONReader) throws -> Double? {
        reader.readNull() ? nil : try reader.readDouble()
    }

    private static func isValidUTF8(_ text: Text) -> Bool {
        // ASCII (tokens, URLs, appids) eight bytes at a time.
        var start = 0
        let raw = UnsafeRawBufferPointer(text)
        while start + 8 <= raw.count, raw.loadUnaligned(fromByteOffset: start, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { start += 8 }
        while start < text.count, text[start] < 0x80 { start += 1 }
        guard start < text.count else { return true }
        var iterator = UnsafeBufferPointer(rebasing: text[start...]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
