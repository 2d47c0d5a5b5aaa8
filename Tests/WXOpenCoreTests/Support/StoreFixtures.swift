import Foundation
@testable import WXOpenCore
import WXOpenSupport
import WXOpenTesting

/// Records with every field set, so a round trip that drops or mangles one shows.
enum StoreFixtures {
    static let now = Date(timeIntervalSince1970: 1_800_000_000.25)
    static let componentAppID = "wxcomponent0001"

    static func ticket(_ value: String = "ticket@@@secret-ticket-value", component: String = componentAppID) -> StoredTicket {
        StoredTicket(componentAppID: component, ticket: value, receivedAt: now, createTime: now.addingTimeInterval(-3))
    }

    static func componentToken(_ value: String = "component-token-secret-value", component: String = componentAppID) -> StoredComponentToken {
        StoredComponentToken(componentAppID: component, token: value, obtainedAt: now, expiresAt: now.addingTimeInterval(7200))
    }

    static func authorizer(
        _ appID: String, nickName: String? = nil, status: AuthorizerStatus = .authorized, type: AccountType = .officialAccount,
        accessToken: String? = nil, refreshToken: String? = nil, expiresAt: Date? = nil
    ) -> AuthorizerRecord {
        var record = AuthorizerRecord(appID: appID, componentAppID: componentAppID, status: status, updatedAt: now)
        record.statusReason = status == .authorized ? nil : "61003 not authorized"
        record.accessToken = accessToken ?? "access-token-of-\(appID)"
        record.accessTokenExpiresAt = expiresAt ?? now.addingTimeInterval(7200)
        record.refreshToken = refreshToken ?? "refreshtoken@@@of-\(appID)"
        record.funcInfo = [1, 15, 18, 999]
        record.info = AccountInfo(
            nickName: nickName ?? "Shop \(appID)", headImage: "https://wx.qlogo.cn/\(appID)", userName: "gh_\(appID)",
            alias: "alias_\(appID)", principalName: "深圳某某科技有限公司 \(appID)", signature: "签名 \"quoted\"\n",
            qrcodeURL: "https://mmbiz.qpic.cn/\(appID)", serviceType: 2, verifyType: 0, accountType: type,
            rawJSON: #"{"nick_name":"Shop","service_type_info":{"id":2}}"#, fetchedAt: now.addingTimeInterval(-60.5))
        record.ref = "customer-42"
        record.authorizedAt = now.addingTimeInterval(-86_400)
        record.lastAuthorizationCodeHash = String(repeating: "ab", count: 32)
        record.lastRefreshAt = now.addingTimeInterval(-600)
        record.lastRefreshError = nil
        return record
    }

    static func event(_ kind: String = "token.refreshed", appID: String? = "wxapp0001", outcome: String = "ok", at: Date = now) -> EventRecord {
        EventRecord(at: at, kind: kind, appID: appID, outcome: outcome, detail: "expires_in=7200")
    }

    static let key: [UInt8] = Array(0 ..< 32)
    static let otherKey: [UInt8] = Array((0 ..< 32).map { UInt8(255 - $0) })
}

/// Opens a `FileStore` for a test with a logger whose lines the test can read.
struct FileStoreHarness {
    let path: String
    let logs = MemoryLogSink()
    var key: [UInt8]?
    var configuration = FileStore.Configuration()
    var clock = ManualClock(StoreFixtures.now)

    init(path: String, key: [UInt8]? = nil, configuration: FileStore.Configuration = .init()) {
        self.path = path
        self.key = key
        self.configuration = configuration
    }

    func open() async throws -> FileStore {
        try await FileStore(path: path, key: key, logger: Logger(level: .debug, sink: logs), clock: clock, configuration: configuration)
    }

    var journalPath: String { path + "/journal.jsonl" }
    var snapshotPath: String { path + "/snapshot.jsonl" }

    func read(_ file: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: file))) }
    func write(_ bytes: [UInt8], to file: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: file)) }
    func text(_ file: String) throws -> String { String(decoding: try read(file), as: UTF8.self) }

    /// Lines of the log that carry `event=NAME`.
    func logLines(_ event: String) -> [String] { logs.lines.filter { $0.contains("event=\(event) ") || $0.hasSuffix("event=\(event)") } }
}

extension AuthorizerRecord {
    /// The record as a store's reads return it: without the raw info (`Store.rawInfo` reads that).
    var asRead: AuthorizerRecord {
        var record = self
        record.info?.rawJSON = nil
        return record
    }
}
