/// UTF-8 text the packed form copies: a `String`, or bytes straight from a snapshot line.
protocol PackedText {
    func withPackedUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result
}

extension String: PackedText {
    func withPackedUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = self
        return text.withUTF8(body)
    }
}

extension UnsafeBufferPointer: PackedText where Element == UInt8 {
    func withPackedUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result { body(self) }
}

extension PackedAuthorizer {
    /// What the layout holds, as plain values: from an `AuthorizerRecord`, or decoded from a
    /// snapshot line without making one (`SnapshotAuthorizerLine`). Dates are seconds since 2001.
    struct Parts<Text: PackedText> {
        var appID: Text
        var componentAppID: Text
        var status: AuthorizerStatus
        var accountType: AccountType
        var accessTokenExpiresAt: Double?, authorizedAt: Double?, revokedAt: Double?, lastRefreshAt: Double?
        /// Present exactly when the record has `info`.
        var fetchedAt: Double?
        var updatedAt: Double
        var serviceType: Int?, verifyType: Int?
        var funcInfo: UnsafeBufferPointer<Int>
        var statusReason: Text?, accessToken: Text?, refreshToken: Text?, ref: Text?
        var lastAuthorizationCodeHash: Text?, lastRefreshError: Text?
        var nickName: Text?, headImage: Text?, userName: Text?, alias: Text?, principalName: Text?, signature: Text?
        var qrcodeURL: Text?
    }

    /// Measures the layout, then writes it into a buffer of exactly that size (one allocation,
    /// no slack kept for the life of the record).
    init<Text>(_ parts: Parts<Text>) {
        var measure = Sink(base: nil)
        Self.write(parts, to: &measure)
        bytes = [UInt8](unsafeUninitializedCapacity: measure.count) { buffer, initialized in
            var sink = Sink(base: buffer.baseAddress)
            Self.write(parts, to: &sink)
            initialized = sink.count
        }
    }

    /// The layout (see the type's comment), front to back.
    private static func write<Text>(_ parts: Parts<Text>, to sink: inout Sink) {
        sink.text(parts.appID)
        var mask: UInt32 = 0
        func flag(_ field: Field, _ present: Bool) { if present { mask |= field.bit } }
        flag(.statusReason, parts.statusReason != nil)
        flag(.accessToken, parts.accessToken != nil)
        flag(.accessTokenExpiresAt, parts.accessTokenExpiresAt != nil)
        flag(.refreshToken, parts.refreshToken != nil)
        flag(.info, parts.fetchedAt != nil)
        flag(.ref, parts.ref != nil)
        flag(.authorizedAt, parts.authorizedAt != nil)
        flag(.revokedAt, parts.revokedAt != nil)
        flag(.lastAuthorizationCodeHash, parts.lastAuthorizationCodeHash != nil)
        flag(.lastRefreshAt, parts.lastRefreshAt != nil)
        flag(.lastRefreshError, parts.lastRefreshError != nil)
        flag(.nickName, parts.nickName != nil)
        flag(.headImage, parts.headImage != nil)
        flag(.userName, parts.userName != nil)
        flag(.alias, parts.alias != nil)
        flag(.principalName, parts.principalName != nil)
        flag(.signature, parts.signature != nil)
        flag(.qrcodeURL, parts.qrcodeURL != nil)
        flag(.serviceType, parts.serviceType != nil)
        flag(.verifyType, parts.verifyType != nil)
        for shift in stride(from: 0, to: 32, by: 8) { sink.byte(UInt8(truncatingIfNeeded: mask >> UInt32(shift))) }
        sink.byte(UInt8(statuses.firstIndex(of: parts.status)!))
        sink.byte(UInt8(types.firstIndex(of: parts.accountType)!))
        // Each optional one at a time, not as an array: no allocation per record.
        func date(_ value: Double?) { if let value { sink.double(value) } }
        func text(_ value: Text?) { if let value { sink.text(value) } }
        date(parts.accessTokenExpiresAt)
        date(parts.authorizedAt)
        date(parts.revokedAt)
        date(parts.lastRefreshAt)
        date(parts.fetchedAt)
        sink.double(parts.updatedAt)
        if let value = parts.serviceType { sink.varint(zigzag(value)) }
        if let value = parts.verifyType { sink.varint(zigzag(value)) }
        sink.varint(UInt64(parts.funcInfo.count))
        for value in parts.funcInfo { sink.varint(zigzag(value)) }
        sink.text(parts.componentAppID)
        text(parts.statusReason)
        text(parts.accessToken)
        text(parts.refreshToken)
        text(parts.ref)
        text(parts.lastAuthorizationCodeHash)
        text(parts.lastRefreshError)
        text(parts.nickName)
        text(parts.headImage)
        text(parts.userName)
        text(parts.alias)
        text(parts.principalName)
        text(parts.signature)
        text(parts.qrcodeURL)
    }

    /// Writes bytes from `base` on, or, without a base, only counts them.
    private struct Sink {
        let base: UnsafeMutablePointer<UInt8>?
        var count = 0

        mutating func byte(_ value: UInt8) {
            base?[count] = value
            count += 1
        }

        mutating func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                byte(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            byte(UInt8(value))
        }

        /// Little-endian, as `Reader.double` reads it.
        mutating func double(_ value: Double) {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { byte(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }

        mutating func text<Text: PackedText>(_ text: Text) {
            text.withPackedUTF8 { utf8 in
                varint(UInt64(utf8.count))
                if let base, let source = utf8.baseAddress { (base + count).update(from: source, count: utf8.count) }
                count += utf8.count
            }
        }
    }
}
