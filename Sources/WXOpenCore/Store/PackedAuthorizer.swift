import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An `AuthorizerRecord` as the index keeps it in memory: one byte buffer (one allocation) in
/// place of a struct of 15 strings and an array, each its own allocation with its own header.
/// That and leaving the raw info on disk is what brings an account to well under 1 KiB.
/// Secrets stay in their stored form; the raw info is never in here.
///
/// Layout: the appid first (varint length, bytes), so that ordering and lookups read it without
/// decoding the rest; then a presence mask (UInt32, little-endian), status and account type
/// (one byte each), the present dates (8 bytes each), the present small integers and the
/// permission sets (zigzag varints), and the present strings (varint length, bytes).
struct PackedAuthorizer: Sendable {
    let bytes: [UInt8]

    enum Field: Int {
        case statusReason, accessToken, accessTokenExpiresAt, refreshToken, info, ref, authorizedAt, revokedAt
        case lastAuthorizationCodeHash, lastRefreshAt, lastRefreshError
        case nickName, headImage, userName, alias, principalName, signature, qrcodeURL, serviceType, verifyType
        var bit: UInt32 { 1 << UInt32(rawValue) }
    }

    static let statuses = AuthorizerStatus.allCases
    static let types = AccountType.allCases

    init(_ record: AuthorizerRecord) {
        let info = record.info
        self = record.funcInfo.withUnsafeBufferPointer { funcInfo in
            PackedAuthorizer(Parts(
                appID: record.appID, componentAppID: record.componentAppID, status: record.status,
                accountType: info?.accountType ?? .unknown, accessTokenExpiresAt: record.accessTokenExpiresAt?.timeIntervalSinceReferenceDate,
                authorizedAt: record.authorizedAt?.timeIntervalSinceReferenceDate, revokedAt: record.revokedAt?.timeIntervalSinceReferenceDate,
                lastRefreshAt: record.lastRefreshAt?.timeIntervalSinceReferenceDate, fetchedAt: info?.fetchedAt.timeIntervalSinceReferenceDate,
                updatedAt: record.updatedAt.timeIntervalSinceReferenceDate, serviceType: info?.serviceType, verifyType: info?.verifyType,
                funcInfo: funcInfo, statusReason: record.statusReason, accessToken: record.accessToken, refreshToken: record.refreshToken,
                ref: record.ref, lastAuthorizationCodeHash: record.lastAuthorizationCodeHash, lastRefreshError: record.lastRefreshError,
                nickName: info?.nickName, headImage: info?.headImage, userName: info?.userName, alias: info?.alias,
                principalName: info?.principalName, signature: info?.signature, qrcodeURL: info?.qrcodeURL))
        }
    }

    /// The record, with `info.rawJSON` nil.
    var record: AuthorizerRecord {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer: buffer)
            let appID = reader.string()
            let mask = reader.mask()
            func has(_ field: Field) -> Bool { mask & field.bit != 0 }
            let status = Self.statuses[Int(reader.byte())]
            let type = Self.types[Int(reader.byte())]
            func date(_ field: Field) -> Date? { has(field) ? Date(timeIntervalSinceReferenceDate: reader.double()) : nil }
            let expiresAt = date(.accessTokenExpiresAt), authorizedAt = date(.authorizedAt), revokedAt = date(.revokedAt)
            let lastRefreshAt = date(.lastRefreshAt), fetchedAt = date(.info)
            let updatedAt = Date(timeIntervalSinceReferenceDate: reader.double())
            let serviceType = has(.serviceType) ? unzigzag(reader.varint()) : nil
            let verifyType = has(.verifyType) ? unzigzag(reader.varint()) : nil
            let funcCount = Int(reader.varint())
            var funcInfo: [Int] = []
            funcInfo.reserveCapacity(funcCount)
            for _ in 0 ..< funcCount { funcInfo.append(unzigzag(reader.varint())) }
            var record = AuthorizerRecord(appID: appID, componentAppID: reader.string(), status: status, updatedAt: updatedAt)
            func text(_ field: Field) -> String? { has(field) ? reader.string() : nil }
            record.statusReason = text(.statusReason)
            record.accessToken = text(.accessToken)
            record.refreshToken = text(.refreshToken)
            record.ref = text(.ref)
            record.lastAuthorizationCodeHash = text(.lastAuthorizationCodeHash)
            record.lastRefreshError = text(.lastRefreshError)
            record.accessTokenExpiresAt = expiresAt
            record.authorizedAt = authorizedAt
            record.revokedAt = revokedAt
            record.lastRefreshAt = lastRefreshAt
            record.funcInfo = funcInfo
            if let fetchedAt {
                record.info = AccountInfo(
                    nickName: text(.nickName), headImage: text(.headImage), userName: text(.userName), alias: text(.alias),
                    principalName: text(.principalName), signature: text(.signature), qrcodeURL: text(.qrcodeURL),
                    serviceType: serviceType, verifyType: verifyType, accountType: type, fetchedAt: fetchedAt)
            }
            return record
        }
    }

    /// The appid's UTF-8, without decoding anything else.
    func withAppID<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer: buffer)
            return body(reader.stringBytes())
        }
    }

    var appID: String { withAppID { String(decoding: $0, as: UTF8.self) } }

    /// Bytewise comparison of the appid with `other`'s UTF-8: negative, zero or positive.
    func compareAppID(_ other: UnsafeBufferPointer<UInt8>) -> Int {
        withAppID { Self.compare($0, other) }
    }

    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return Int(result) }
        }
        return a.count - b.count
    }

    /// Reads the layout front to back; the bytes are always ones `init` wrote.
    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var offset = 0

        mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return buffer[offset]
        }

        mutating func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = byte()
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        mutating func mask() -> UInt32 {
            var value: UInt32 = 0
            for index in 0 ..< 4 { value |= UInt32(byte()) << (8 * UInt32(index)) }
            return value
        }

        mutating func double() -> Double {
            var bits: UInt64 = 0
            for index in 0 ..< 8 { bits |= UInt64(byte()) << (8 * UInt64(index)) }
            return Double(bitPattern: bits)
        }

        mutating func stringBytes() -> UnsafeBufferPointer<UInt8> {
            let count = Int(varint())
            defer { offset += count }
            return UnsafeBufferPointer(rebasing: buffer[offset ..< offset + count])
        }

        mutating func string() -> String { String(decoding: stringBytes(), as: UTF8.self) }
    }
}

func zigzag(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))) }
private func unzigzag(_ value: UInt64) -> Int { Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)) }
