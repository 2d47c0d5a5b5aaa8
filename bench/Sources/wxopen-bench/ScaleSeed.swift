import Foundation
import WXOpenCore
import WXOpenSupport

/// `wxopen-bench seed-store --path P --authorizers N [--journal M] [--events E]`: for
/// bench/scale.sh. Writes N realistic accounts (`StoreBench.authorizer` with the ~2.4 KB raw
/// answer of api_get_authorizer_info a mini program gets, `ScaleSeed.rawInfo`) with
/// 64 concurrent writers, compacts them into the snapshot, then M token refreshes and E events
/// after it, so that opening the store reads a snapshot and a journal as a server finds them.
func seedStore(_ args: [String]) async -> Int32 {
    guard let options = StoreBenchOptions(args, allowed: ["path", "authorizers", "journal", "events"],
                                          usage: "wxopen-bench seed-store --path P --authorizers N [--journal M] [--events E]"),
          let path = options.string("path") else { return 2 }
    let total = options.int("authorizers", default: 200_000)
    let journal = options.int("journal", default: total / 10)
    let events = options.int("events", default: total / 10)
    do {
        let store = try await FileStore(path: path, key: try StoreBench.keyFromEnvironment(), logger: Logger(level: .warning),
                                        configuration: FileStore.Configuration(compactionJournalBytes: 1 << 40, compactionJournalLines: 1 << 40))
        let started = ContinuousClock.now
        try await parallel(0 ..< total) { number in
            var built = StoreBench.authorizer(number, updatedAt: Date())
            built.info?.rawJSON = ScaleSeed.rawInfo(number, appID: built.appID)
            let record = built
            try await store.updateAuthorizer(appID: record.appID) { _ in record }
        }
        try await store.compact()
        try await parallel(0 ..< journal) { _ in
            try await store.updateAuthorizer(appID: StoreBench.appID(Int.random(in: 0 ..< total))) { record in
                var record = record
                record?.accessToken = "81_refreshed_" + String(repeating: "B", count: 120)
                record?.accessTokenExpiresAt = Date().addingTimeInterval(7200)
                return record
            }
        }
        try await parallel(0 ..< events) { number in
            try await store.appendEvent(EventRecord(at: Date(), kind: number % 20 == 0 ? "token.refresh_failed" : "token.refreshed",
                                                    appID: StoreBench.appID(number % total), outcome: number % 20 == 0 ? "failed" : "ok",
                                                    detail: "access token refreshed, expires in 7200 s"))
        }
        await store.close()
        print("seeded authorizers=\(total) journal_changes=\(journal) events=\(events) seconds=\(Int(StoreBench.seconds(ContinuousClock.now - started)))"
            + " snapshot_mb=\(StoreBench.fileSize(path + "/snapshot.jsonl") >> 20) journal_mb=\(StoreBench.fileSize(path + "/journal.jsonl") >> 20)"
            + " info_mb=\(StoreBench.fileSize(path + "/info-1.jsonl") >> 20)")
        return 0
    } catch {
        print("seed-store failed: \(error)")
        return 1
    }
}

/// Runs `body` for every number with 64 concurrent tasks (what group commit batches).
func parallel(_ numbers: Range<Int>, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let next = NumberDispenser(from: numbers.lowerBound)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0 ..< 64 {
            group.addTask {
                while case let number = next.take(), number < numbers.upperBound { try await body(number) }
            }
        }
        try await group.waitForAll()
    }
}

enum ScaleSeed {
    /// What api_get_authorizer_info answers for a mini program with its network settings and
    /// the usual permission sets: about 2.4 KB, different for every account.
    static func rawInfo(_ number: Int, appID: String) -> String {
        let funcInfo = [1, 2, 3, 4, 6, 7, 11, 15, 17, 18, 19, 25, 30, 31, 36, 37, 40, 41, 45, 48, 49, 51, 52, 57, 65, 67, 70, 71, 73, 76]
            .map { #"{"funcscope_category":{"id":\#($0)}}"# }
        let domains = ["api", "img", "static", "pay"].map { #""https://\#($0).shop\#(number).example.cn""# }.joined(separator: ",")
        return #"{"authorizer_info":{"nick_name":"测试商户\#(number)","head_img":"http://wx.qlogo.cn/mmopen/\#(appID)/0","#
            + #""service_type_info":{"id":0},"verify_type_info":{"id":0},"user_name":"gh_\#(number)abcdef","#
            + #""principal_name":"深圳市测试科技有限公司\#(number)","alias":"shop\#(number)","#
            + #""business_info":{"open_store":0,"open_scan":0,"open_pay":1,"open_card":0,"open_shake":0},"#
            + #""qrcode_url":"http://mmbiz.qpic.cn/mmbiz_jpg/\#(appID)/0","signature":"欢迎光临测试商户\#(number)的小程序","#
            + #""MiniProgramInfo":{"network":{"RequestDomain":[\#(domains)],"WsRequestDomain":[\#(domains)],"#
            + #""UploadDomain":[\#(domains)],"DownloadDomain":[\#(domains)],"BizDomain":[],"UDPDomain":[]},"#
            + #""categories":[{"first":"商家自营","second":"服装/鞋/箱包"},{"first":"商家自营","second":"食品"}],"visit_status":0},"#
            + #""register_type":0,"account_status":1,"basic_config":{"is_phone_configured":true,"is_email_configured":true},"#
            + #""channels_info":{"nickname":"","head_img":""}},"#
            + #""authorization_info":{"authorizer_appid":"\#(appID)","func_info":[\#(funcInfo.joined(separator: ","))]}}"#
    }
}
