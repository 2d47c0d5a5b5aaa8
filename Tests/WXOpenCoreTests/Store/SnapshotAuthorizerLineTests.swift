import Foundation
import Testing
@testable import WXOpenCore

/// Issue 17: a snapshot's authorizer line in the common shape is decoded straight into its
/// packed form, and must come out exactly as the general path (decode, then prepare) makes it;
/// any other line must be left to the general path.
@Suite struct SnapshotAuthorizerLineTests {
    static let sealer = SecretSealer(key: StoreFixtures.key)
    static let codec = JournalCodec(sealer: sealer)

    /// An authorizer whose snapshot line has the common shape: no character that JSON escapes
    /// (the raw info, which has some, goes to the raw-info file).
    static func common(_ appID: String) -> AuthorizerRecord {
        var record = StoreFixtures.authorizer(appID)
        record.info?.signature = "签名 Ünïcödé ΣΑΣ"
        return record
    }

    /// Variants that exercise each optional and each kind of value.
    static var records: [AuthorizerRecord] {
        var revoked = common("wxREVOKED")
        revoked.status = .revoked
        revoked.revokedAt = StoreFixtures.now.addingTimeInterval(-5)
        revoked.lastRefreshError = "61023 refresh token invalid"
        revoked.funcInfo = [-3, 0, 1 << 40]
        var bare = AuthorizerRecord(appID: "wxbare", componentAppID: "wxc", updatedAt: StoreFixtures.now)
        bare.funcInfo = []
        var partial = common("wxPartial")
        partial.info?.nickName = "İstanbul ÇAY Ευρώ"
        partial.info?.alias = nil
        partial.info?.serviceType = nil
        partial.ref = nil
        partial.accessToken = nil
        // More permissions than the decoder's room on the stack: read a second time.
        var many = common("wxMany")
        many.funcInfo = Array(1 ... 200)
        return [common("wx0001"), common("wxMixedCASE"), revoked, bare, partial, many]
    }

    /// The line's JSON, secrets sealed as the store writes them; the raw info is at `rawInfo`,
    /// or, without one, inside the line (as format 1 kept it).
    func json(_ record: AuthorizerRecord, sealer: SecretSealer = sealer, rawInfo: RawInfoLocation? = RawInfoLocation(file: 1, offset: 40, length: 9),
              eventHead: Int64? = 77) throws -> ArraySlice<UInt8> {
        let stored = try StoreSecrets(sealer: sealer, storePath: "test").seal(.authorizer(rawInfo == nil ? record : record.asRead))
        let line = try JournalCodec(sealer: sealer).line(for: stored, seq: 9, batch: 9, rawInfo: rawInfo, eventHead: eventHead)
        return try #require(JournalLine.unframe(line.dropLast()))
    }

    func general(_ json: ArraySlice<UInt8>, sealer: SecretSealer = sealer) throws -> ChangePreparer.Prepared {
        let record = try JournalCodec(sealer: sealer).decode(json)
        guard case .change(let change) = record.body else { throw StoreError.corrupt(path: "test", detail: "not a change") }
        return try ChangePreparer(secrets: StoreSecrets(sealer: sealer, storePath: "test"))
            .prepare(change, rawInfo: record.rawInfo, eventHead: record.eventHead)
    }

    func expectSame(_ json: ArraySlice<UInt8>, sealer: SecretSealer = sealer) throws {
        let fast = try #require(SnapshotAuthorizerLine(json: json, sealed: sealer.key != nil))
        let slow = try general(json, sealer: sealer)
        let prepared = try #require(slow.authorizer)
        guard case .authorizer(let record) = slow.change else { Issue.record("not an authorizer"); return }
        #expect(fast.prepared.packed.bytes == prepared.packed.bytes, "\(record.appID)")
        #expect(fast.prepared.packed.record == record)
        #expect(fast.prepared.searchText == prepared.searchText)
        #expect(fast.prepared.key == prepared.key)
        #expect(fast.hasInfo == (record.info != nil))
        guard case .at(let location) = slow.rawInfo else { Issue.record("raw info not at a location"); return }
        #expect(fast.rawInfo == location)
        #expect(fast.eventHead == slow.eventHead)
    }

    @Test(arguments: records)
    func commonLine_PacksExactlyAsTheGeneralPath(_ record: AuthorizerRecord) throws {
        try expectSame(try json(record))
    }

    @Test func commonLine_WithoutAKey_PacksExactlyAsTheGeneralPath() throws {
        try expectSame(try json(Self.common("wxplain"), sealer: SecretSealer(key: nil)), sealer: SecretSealer(key: nil))
    }

    @Test func commonLine_WithoutEventHead_HasNone() throws {
        let line = try #require(SnapshotAuthorizerLine(json: try json(Self.common("wx1"), eventHead: nil), sealed: true))
        #expect(line.eventHead == nil)
        #expect(line.rawInfo == RawInfoLocation(file: 1, offset: 40, length: 9))
    }

    /// Each of these the general path must read: escapes, a secret not yet in its stored form,
    /// raw info inside the line, invalid UTF-8, another type, `type` after `data`, damage.
    @Test func uncommonLines_AreLeftToTheGeneralPath() throws {
        var escaped = Self.common("wxescaped")
        escaped.info?.nickName = "Tea \"House\""
        #expect(SnapshotAuthorizerLine(json: try json(escaped), sealed: true) == nil)

        let plain = try json(Self.common("wxplain"), sealer: SecretSealer(key: nil))
        #expect(SnapshotAuthorizerLine(json: plain, sealed: true) == nil, "plaintext token under a key: to be sealed")
        #expect(SnapshotAuthorizerLine(json: try json(Self.common("wxsealed")), sealed: false) == nil, "sealed token, no key")

        #expect(SnapshotAuthorizerLine(json: try json(Self.common("wxinline"), rawInfo: nil), sealed: true) == nil, "raw info inline")

        let text = String(decoding: try json(Self.common("wxutf")), as: UTF8.self)
        var invalid = Array(text.replacingOccurrences(of: "gh_wxutf", with: "gh_wx\u{1}").utf8)
        invalid[invalid.firstIndex(of: 1)!] = 0xFF
        #expect(SnapshotAuthorizerLine(json: invalid[...], sealed: true) == nil)

        let ticket = try Self.codec.line(for: .ticket(StoreFixtures.ticket()), seq: 1, batch: 1)
        #expect(SnapshotAuthorizerLine(json: try #require(JournalLine.unframe(ticket.dropLast())), sealed: true) == nil)

        let reordered = text.replacingOccurrences(of: #""type":"authorizer","#, with: "") .dropLast() + #","type":"authorizer"}"#
        #expect(SnapshotAuthorizerLine(json: Array(reordered.utf8)[...], sealed: true) == nil)
        #expect(SnapshotAuthorizerLine(json: Array(text.dropLast(2).utf8)[...], sealed: true) == nil)
    }

    /// Reopened from its snapshot, a store reads back every account as written, whichever path
    /// each line took.
    @Test func fileStore_ReadsBackEveryAccount_FromASnapshotOfBothShapes() async throws {
        try await withTemporaryDirectory { directory in
            let harness = FileStoreHarness(path: directory.storePath, key: StoreFixtures.key)
            let store = try await harness.open()
            let written = Self.records + [StoreFixtures.authorizer("wxescaped")]
            for record in written { try await store.updateAuthorizer(appID: record.appID) { _ in record } }
            try await store.compact()
            await store.close()

            let reopened = try await harness.open()
            for record in written {
                #expect(try reopened.authorizer(appID: record.appID) == record.asRead)
                #expect(try reopened.rawInfo(appID: record.appID) == record.info?.rawJSON)
            }
            #expect(try reopened.listAuthorizers(AuthorizerQuery(search: "çay")).authorizers.map(\.appID) == ["wxPartial"])
            #expect(reopened.authorizerCounts().total == written.count)
            await reopened.close()
        }
    }
}
